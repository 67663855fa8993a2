package io.modelgate.serving;

import io.modelgate.errors.QueueTimeoutException;
import io.modelgate.serving.BatchQueue.Pending;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Triton's dynamic batcher for one model version: requests wait in a {@link BatchQueue}, and one thread takes those
 * that go together into one run, then cuts the answer back into each request's rows. Stopping lets the thread run
 * what is queued; a request submitted after that is left to run alone by its caller.
 */
final class DynamicBatcher {

    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class);

    /** What runs a gathered batch: the version's session, behind its concurrency permits. */
    @FunctionalInterface
    interface Runner {
        List<Tensor> run(List<Tensor> inputs, List<String> outputs) throws Exception;
    }

    /**
     * One request's answer and where its time went; {@code firstOfRun} is set on exactly one request of each run, so
     * the run is counted once.
     */
    record Answer(List<Tensor> outputs, long queueNanos, long computeNanos, long runRows, boolean firstOfRun) {
    }

    private final String model;
    private final BatchingPolicy policy;
    private final Runner runner;
    private final BatchQueue queue;
    private final Thread thread;

    DynamicBatcher(String model, long version, BatchingPolicy policy, Runner runner) {
        this.model = "model '" + model + "' version " + version;
        this.policy = policy;
        this.runner = runner;
        this.queue = new BatchQueue(this.model, policy);
        this.thread = new Thread(this::gatherAndRun, "modelgate-batcher-" + model + "-" + version);
        thread.setDaemon(true);
    }

    BatchingPolicy policy() {
        return policy;
    }

    void start() {
        thread.start();
    }

    /**
     * Queues the request and waits for its answer. Empty when the batcher has stopped (the version was retired): the
     * caller, which still holds the version, runs the request alone.
     *
     * @throws io.modelgate.errors.QueueFullException when {@code max-queue-size} requests are waiting already
     * @throws QueueTimeoutException when the request waited {@code queue-timeout} without starting to run
     * @throws ExecutionException    when the run failed; the cause is the runtime's
     */
    Optional<Answer> submit(List<Tensor> inputs, List<String> outputs, long rows)
            throws InterruptedException, ExecutionException {
        Pending pending = new Pending(inputs, outputs, rows);
        if (!queue.offer(pending)) {
            return Optional.empty();
        }
        try {
            return Optional.of(policy.queueTimeout().isZero() ? pending.answer.get()
                    : pending.answer.get(policy.queueTimeout().toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            if (queue.withdraw(pending)) {
                throw new QueueTimeoutException(model + ": the request waited in the batch queue longer than"
                        + " dynamic-batching.queue-timeout (" + policy.queueTimeout().toMillis() + " ms); try again later");
            }
            // Its run has started: the answer is coming.
            return Optional.of(awaitStarted(pending));
        } catch (InterruptedException e) {
            if (queue.withdraw(pending)) {
                throw e;
            }
            try {
                return Optional.of(awaitStarted(pending));
            } finally {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops taking requests; the thread runs every request already queued, then ends. */
    void stop() {
        queue.stop();
    }

    /** Waits for the thread to finish the queue; for tests. */
    boolean awaitStopped(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** Requests waiting now; for tests. */
    int queued() {
        return queue.size();
    }

    /**
     * The answer of a request whose run has started, waited for even through an interrupt: the run reads the inputs
     * and the session the caller holds, so the caller must not let go of them first.
     */
    private static Answer awaitStarted(Pending pending) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return pending.answer.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void gatherAndRun() {
        while (true) {
            List<Pending> batch;
            try {
                batch = queue.next();
            } catch (InterruptedException e) {
                // Never interrupted in service; if it were, no queued request may be left waiting.
                queue.failAll(new IllegalStateException("the batcher of " + model + " was interrupted"));
                return;
            }
            if (batch.isEmpty()) {
                return;
            }
            run(batch);
        }
    }

    private void run(List<Pending> batch) {
        long started = System.nanoTime();
        try {
            if (batch.size() == 1) {
                Pending only = batch.get(0);
                answer(only, runner.run(only.inputs, only.outputs), started, only.rows, true);
                return;
            }
            long[] rows = batch.stream().mapToLong(p -> p.rows).toArray();
            long total = Arrays.stream(rows).sum();
            List<Tensor> outputs = runner.run(BatchTensors.stack(batch.stream().map(p -> p.inputs).toList()),
                    batch.get(0).outputs);
            if (!BatchTensors.splittable(outputs, total)) {
                LOG.warnf("%s: an output does not have one row per input row, so its requests run one by one", model);
                batch.forEach(p -> run(List.of(p)));
                return;
            }
            List<List<Tensor>> answers = BatchTensors.split(outputs, rows);
            for (int i = 0; i < batch.size(); i++) {
                answer(batch.get(i), answers.get(i), started, total, i == 0);
            }
        } catch (Exception | Error e) {
            batch.forEach(p -> p.answer.completeExceptionally(e));
            if (e instanceof Error error) {
                throw error;
            }
        }
    }

    private static void answer(Pending pending, List<Tensor> outputs, long started, long runRows, boolean first) {
        pending.answer.complete(new Answer(outputs, started - pending.enqueued, System.nanoTime() - started, runRows, first));
    }
}
