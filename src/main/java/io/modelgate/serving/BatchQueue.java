package io.modelgate.serving;

import io.modelgate.errors.QueueFullException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests waiting for a version's dynamic batcher, and which of them go together: the oldest one and those queued
 * after it that agree with it in every dimension but the first and ask for the same outputs, up to max-batch-size rows.
 */
final class BatchQueue {

    /** Requests may share a run when their inputs agree in every dimension but the first and their outputs are the same. */
    private record Shape(List<String> outputs, List<String> inputs) {

        static Shape of(List<Tensor> inputs, List<String> outputs) {
            return new Shape(outputs, inputs.stream().sorted(Comparator.comparing(Tensor::name))
                    .map(t -> t.name() + " " + t.datatype() + Arrays.toString(Arrays.copyOfRange(t.shape(), 1, t.shape().length)))
                    .toList());
        }
    }

    /** One queued request and the answer its caller waits for. */
    static final class Pending {
        final List<Tensor> inputs;
        final List<String> outputs;
        final long rows;
        final long enqueued = System.nanoTime();
        final CompletableFuture<DynamicBatcher.Answer> answer = new CompletableFuture<>();
        private final Shape shape;

        Pending(List<Tensor> inputs, List<String> outputs, long rows) {
            this.inputs = inputs;
            this.outputs = outputs;
            this.rows = rows;
            this.shape = Shape.of(inputs, outputs);
        }
    }

    private final String model;
    private final BatchingPolicy policy;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Deque<Pending> queue = new ArrayDeque<>();
    private boolean stopping;

    /** @param model the version as messages name it: {@code model 'm' version 1} */
    BatchQueue(String model, BatchingPolicy policy) {
        this.model = model;
        this.policy = policy;
    }

    /**
     * Queues a request; false once stopped.
     *
     * @throws QueueFullException when max-queue-size requests wait already
     */
    boolean offer(Pending pending) {
        lock.lock();
        try {
            if (stopping) {
                return false;
            }
            if (queue.size() >= policy.maxQueueSize()) {
                throw new QueueFullException(model + ": the batch queue is full (" + policy.maxQueueSize()
                        + " requests waiting, dynamic-batching.max-queue-size); try again later");
            }
            queue.addLast(pending);
            arrived.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes a request out of the queue; false when it is not there (its run has started). */
    boolean withdraw(Pending pending) {
        lock.lock();
        try {
            return queue.removeIf(p -> p == pending);
        } finally {
            lock.unlock();
        }
    }

    /** Takes no more requests; those queued are still handed out, without waiting out the delay. */
    void stop() {
        lock.lock();
        try {
            stopping = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next run's requests, taken off the queue: waits for a first request, then up to max-queue-delay after it
     * arrived for others, unless the run is full or reaches a preferred size first. Empty once stopped and empty.
     */
    List<Pending> next() throws InterruptedException {
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
                List<Pending> batch = joining(first);
                while (!policy.startsAt(rows(batch)) && !stopping) {
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0) {
                        break;
                    }
                    arrived.awaitNanos(wait);
                    if (queue.peekFirst() != first) {
                        break;
                    }
                    batch = joining(first);
                }
                if (queue.peekFirst() != first) {
                    continue; // the oldest request timed out or was interrupted: gather again from the new oldest
                }
                List<Pending> taken = batch;
                queue.removeIf(p -> taken.stream().anyMatch(t -> t == p));
                return batch;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fails every queued request and takes no more; for a batcher thread that has to end early. */
    void failAll(Throwable cause) {
        lock.lock();
        try {
            stopping = true;
            queue.forEach(p -> p.answer.completeExceptionally(cause));
            queue.clear();
        } finally {
            lock.unlock();
        }
    }

    /** The queued requests that can join the oldest one's run, oldest first, up to max-batch-size rows. */
    private List<Pending> joining(Pending first) {
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

    private static long rows(List<Pending> batch) {
        return batch.stream().mapToLong(p -> p.rows).sum();
    }
}
