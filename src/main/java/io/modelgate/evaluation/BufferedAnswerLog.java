package io.modelgate.evaluation;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gathers a run's answers into batches for a store where one write per answer would cost a round trip each: a
 * batch is written when it is full, when its oldest answer has waited {@code flushEvery} (so a slow LLM's answers
 * are not held back for long: a kill loses at most that much), and when the log is closed. A batch that cannot be
 * written stays and is tried again with the next one; closing throws if it still cannot be written.
 */
final class BufferedAnswerLog implements RunStore.AnswerLog {

    private static final Logger LOG = Logger.getLogger(BufferedAnswerLog.class);

    private final Consumer<List<ExampleResult>> writer;
    private final int batchSize;
    private final Duration flushEvery;
    private final ScheduledExecutorService timer;
    private final List<ExampleResult> pending = new ArrayList<>();
    private ScheduledFuture<?> scheduled;

    BufferedAnswerLog(Consumer<List<ExampleResult>> writer, int batchSize, Duration flushEvery, ScheduledExecutorService timer) {
        this.writer = writer;
        this.batchSize = batchSize;
        this.flushEvery = flushEvery;
        this.timer = timer;
    }

    @Override
    public synchronized void add(ExampleResult result) {
        pending.add(result);
        if (pending.size() >= batchSize) {
            flush();
        } else if (scheduled == null) {
            try {
                scheduled = timer.schedule(this::flushOnTimer, flushEvery.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                flush(); // the store is shutting down: write now rather than never
            }
        }
    }

    private synchronized void flushOnTimer() {
        scheduled = null;
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf("%d answers not saved yet, tried again with the next ones: %s", pending.size(), e.getMessage());
        }
    }

    /** Writes what is pending; on failure it stays pending and the exception goes to the caller. */
    private void flush() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        if (pending.isEmpty()) {
            return;
        }
        writer.accept(List.copyOf(pending));
        pending.clear();
    }

    @Override
    public synchronized void close() {
        flush();
    }
}
