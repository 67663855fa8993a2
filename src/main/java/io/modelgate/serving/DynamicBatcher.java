package io.modelgate.serving;

import io.modelgate.errors.QueueFullException;
import io.modelgate.errors.QueueTimeoutException;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Triton's dynamic batcher for one model version: requests wait in a queue, and one thread gathers those that agree
 * in every dimension but the first (and ask for the same outputs) into one run, then cuts the answer back into rows.
 * Stopping lets the thread run what is queued; a request submitted after that is left to run alone by its caller.
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

    /** Requests may share a run when their inputs agree in every dimension but the first and their outputs are the same. */
    private record Shape(List<String> outputs, List<String> inputs) {

        static Shape of(List<Tensor> inputs, List<String> outputs) {
            return new Shape(outputs, inputs.stream().sorted(Comparator.comparing(Tensor::name))
                    .map(t -> t.name() + " " + t.datatype() + Arrays.toString(Arrays.copyOfRange(t.shape(), 1, t.shape().length)))
                    .toList());
        }
    }

    private static final class Pending {
        final List<Tensor> inputs;
        final List<String> outputs;
        final long rows;
        final Shape shape;
        final long enqueued = System.nanoTime();
        final CompletableFuture<Answer> answer = new CompletableFuture<>();

        Pending(List<Tensor> inputs, List<String> outputs, long rows) {
            this.inputs = inputs;
            this.outputs = outputs;
            this.rows = rows;
            this.shape = Shape.of(inputs, outputs);
        }
    }

    private final String model;
    private final BatchingPolicy policy;
    private final Runner runner;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Deque<Pending> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean stopping;

    DynamicBatcher(String model, long version, BatchingPolicy policy, Runner runner) {
        this.model = "model '" + model + "' version " + version;
        this.policy = policy;
        this.runner = runner;
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
     * @throws QueueFullException    when {@code max-queue-size} requests are waiting already
     * @throws QueueTimeoutException when the request waited {@code queue-timeout} without starting to run
     * @throws ExecutionException    when the run failed; the cause is the runtime's
     */
    Optional<Answer> submit(List<Tensor> inputs, List<String> outputs, long rows)
            throws InterruptedException, ExecutionException {
        Pending pending = new Pending(inputs, outputs, rows);
        lock.lock();
        try {
            if (stopping) {
                return Optional.empty();
            }
            if (queue.size() >= policy.maxQueueSize()) {
                throw new QueueFullException(model + ": the batch queue is full (" + policy.maxQueueSize()
                        + " requests waiting, dynamic-batching.max-queue-size); try again later");
            }
            queue.addLast(pending);
            arrived.signal();
        } finally {
            lock.unlock();
        }
        try {
            return Optional.of(policy.queueTimeout().isZero() ? pending.answer.get()
                    : pending.answer.get(policy.queueTimeout().toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            if (withdraw(pending)) {
                throw new QueueTimeoutException(model + ": the request waited in the batch queue longer than"
                        + " dynamic-batching.queue-timeout (" + policy.queueTimeout().toMillis() + " ms); try again later");
            }
            // Its run has started: the answer is coming.
            return Optional.of(awaitStarted(pending));
        } catch (InterruptedException e) {
            if (withdraw(pending)) {
                throw e;
            }
            try {
                return Optional.of(awaitStarted(pending));
            } finally {
                Thread.currentThread().interrupt();
            }
        }
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

    /** Stops taking requests; the thread runs every request already queued, then ends. */
    void stop() {
        lock.lock();
        try {
            stopping = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the thread to finish the queue; for tests and shutdown. */
    boolean awaitStopped(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** Requests waiting now; for tests. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private boolean withdraw(Pending pending) {
        lock.lock();
        try {
            return queue.removeIf(p -> p == pending);
        } finally {
            lock.unlock();
        }
    }

    private void gatherAndRun() {
        while (true) {
            List<Pending> batch;
            try {
                batch = gather();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failQueued();
                return;
            }
            if (batch.isEmpty()) {
                return;
            }
            run(batch);
        }
    }

    /** The next run's requests, taken off the queue; empty once stopped with nothing queued. */
    private List<Pending> gather() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                while (queue.isEmpty()) {
                    if (stopping) {
                        return List.of();
                    }
                    arrived.await();
                }
                Pending first = queue.peekFirst();
                long deadline = first.enqueued + policy.maxQueueDelay().toNanos();
                List<Pending> batch = compatibleWith(first);
                while (!full(batch) && !stopping) {
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0) {
                        break;
                    }
                    arrived.awaitNanos(wait);
                    if (queue.peekFirst() != first) {
                        break; // the oldest request timed out or was interrupted: gather again from the new oldest
                    }
                    batch = compatibleWith(first);
                }
                if (queue.peekFirst() != first) {
                    continue;
                }
                List<Pending> taken = batch;
                queue.removeIf(p -> taken.stream().anyMatch(t -> t == p));
                return batch;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The queued requests that can join the oldest one's run, oldest first, up to max-batch-size rows. */
    private List<Pending> compatibleWith(Pending first) {
        List<Pending> batch = new ArrayList<>();
        long rows = 0;
        for (Pending p : queue) {
            if (!p.shape.equals(first.shape)) {
                continue;
            }
            if (rows + p.rows > policy.maxBatchSize()) {
                break;
            }
            batch.add(p);
            rows += p.rows;
        }
        return batch;
    }

    private boolean full(List<Pending> batch) {
        long rows = batch.stream().mapToLong(p -> p.rows).sum();
        return policy.startsAt(rows);
    }

    private void run(List<Pending> batch) {
        long started = System.nanoTime();
        try {
            if (batch.size() == 1) {
                Pending only = batch.get(0);
                List<Tensor> outputs = runner.run(only.inputs, only.outputs);
                answer(only, outputs, started, only.rows, true);
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
        long now = System.nanoTime();
        pending.answer.complete(new Answer(outputs, started - pending.enqueued, now - started, runRows, first));
    }

    /** The thread was interrupted (it never is in service): no queued request may be left waiting. */
    private void failQueued() {
        lock.lock();
        try {
            stopping = true;
            queue.forEach(p -> p.answer.completeExceptionally(new IllegalStateException("the batcher of " + model + " stopped")));
            queue.clear();
        } finally {
            lock.unlock();
        }
    }
}
