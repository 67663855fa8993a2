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
 * written (the database is away) stays in memory and is tried again with the next one; closing waits for the store,
 * trying again every {@code retryEvery}, so that the sitting's answers are all saved before the run goes on to its
 * ledger row. Only an interrupt (the service shutting down) ends that wait, with the store's exception.
 */
final class BufferedAnswerLog implements RunStore.AnswerLog {

    private static final Logger LOG = Logger.getLogger(BufferedAnswerLog.class);

    private final Consumer<List<ExampleResult>> writer;
    private final int batchSize;
    private final Duration flushEvery;
    private final ScheduledExecutorService timer;
    private final Duration retryEvery;
    private final List<ExampleResult> pending = new ArrayList<>();
    private ScheduledFuture<?> scheduled;

    BufferedAnswerLog(Consumer<List<ExampleResult>> writer, int batchSize, Duration flushEvery, ScheduledExecutorService timer,
                      Duration retryEvery) {
        this.writer = writer;
        this.retryEvery = retryEvery;
        this.batchSize = batchSize;
        this.flushEvery = flushEvery;
        this.timer = timer;
    }

    @Override
    public synchronized void add(ExampleResult result) {
        pending.add(result);
        if (pending.size() >= batchSize) {
            flushOrKeep();
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
        flushOrKeep();
    }

    /** While the run runs, a store that does not answer keeps the answers here, for the next batch to try again. */
    private void flushOrKeep() {
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
        boolean told = false;
        while (true) {
            try {
                flush();
                if (told) {
                    LOG.info("the answers that waited for the store are saved; the run goes on");
                }
                return;
            } catch (RuntimeException e) {
                if (!told) {
                    told = true;
                    LOG.warnf("%d answers wait for the store, which does not answer (%s); the run waits, trying again"
                            + " every %d ms", pending.size(), e.getMessage(), retryEvery.toMillis());
                }
                try {
                    Thread.sleep(retryEvery.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
