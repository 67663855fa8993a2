package io.modelgate.serving;

import io.modelgate.errors.QueueFullException;
import io.modelgate.errors.QueueTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batcher on its own, over a runner that doubles its FP32 input and can be held: which requests share a run,
 * how answers are cut back, and what a full queue, a long wait and a stop do.
 */
class DynamicBatcherTest {

    private final List<Long> runRows = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstRunHeld = new CountDownLatch(1);
    private final CountDownLatch releaseFirstRun = new CountDownLatch(1);
    private final ExecutorService clients = Executors.newFixedThreadPool(16);
    private DynamicBatcher batcher;

    /** Doubles every element of every input; the first run waits for {@link #releaseFirstRun}. */
    private List<Tensor> doubling(List<Tensor> inputs, List<String> outputs) throws InterruptedException {
        runRows.add(inputs.get(0).shape()[0]);
        if (runRows.size() == 1) {
            firstRunHeld.countDown();
            assertTrue(releaseFirstRun.await(10, TimeUnit.SECONDS));
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor input : inputs) {
            ByteBuffer doubled = Tensor.allocate(DataType.FP32, input.elementCount());
            for (int i = 0; i < input.elementCount(); i++) {
                doubled.putFloat(i * 4, input.buffer().getFloat(i * 4) * 2);
            }
            out.add(Tensor.numeric("y_" + input.name(), DataType.FP32, input.shape(), doubled));
        }
        return out;
    }

    private DynamicBatcher start(int maxBatchSize, List<Integer> preferred, Duration delay, int maxQueueSize, Duration timeout) {
        batcher = new DynamicBatcher("m", 1, new BatchingPolicy(maxBatchSize, preferred, delay, maxQueueSize, timeout),
                this::doubling);
        batcher.start();
        return batcher;
    }

    private DynamicBatcher start(int maxBatchSize) {
        return start(maxBatchSize, List.of(), Duration.ZERO, 100, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws InterruptedException {
        releaseFirstRun.countDown();
        if (batcher != null) {
            batcher.stop();
            assertTrue(batcher.awaitStopped(5000), "the batcher thread ends once stopped");
        }
        clients.shutdownNow();
    }

    private static List<Tensor> rows(String name, float... firstColumn) {
        ByteBuffer buffer = Tensor.allocate(DataType.FP32, firstColumn.length * 2L);
        for (int i = 0; i < firstColumn.length; i++) {
            buffer.putFloat(i * 8, firstColumn[i]).putFloat(i * 8 + 4, firstColumn[i] + 0.5f);
        }
        return List.of(Tensor.numeric(name, DataType.FP32, new long[]{firstColumn.length, 2}, buffer));
    }

    private Future<Optional<DynamicBatcher.Answer>> submit(List<Tensor> inputs, List<String> outputs) {
        return clients.submit(() -> batcher.submit(inputs, outputs, inputs.get(0).shape()[0]));
    }

    /** Waits until the held first run has started and {@code count} requests wait behind it. */
    private void awaitQueued(int count) throws InterruptedException {
        assertTrue(firstRunHeld.await(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batcher.queued() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + batcher.queued() + " of " + count + " requests queued");
            Thread.sleep(2);
        }
    }

    private static float[] values(Tensor tensor) {
        float[] values = new float[Math.toIntExact(tensor.elementCount())];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.buffer().getFloat(i * 4);
        }
        return values;
    }

    @Test
    void requestsQueuedBehindARunAreGatheredIntoOneRunAndEachGetsItsOwnRowsBack() throws Exception {
        start(16);
        Future<Optional<DynamicBatcher.Answer>> first = submit(rows("x", 1), List.of());
        awaitQueued(0);
        List<Future<Optional<DynamicBatcher.Answer>>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            float[] column = i % 2 == 0 ? new float[]{10 * i} : new float[]{10 * i, 10 * i + 1};
            waiting.add(submit(rows("x", column), List.of()));
            awaitQueued(i + 1);
        }
        releaseFirstRun.countDown();
        assertEquals(List.of(2f, 3f), List.of(values(first.get().orElseThrow().outputs().get(0))[0],
                values(first.get().orElseThrow().outputs().get(0))[1]));
        for (int i = 0; i < 5; i++) {
            DynamicBatcher.Answer answer = waiting.get(i).get(10, TimeUnit.SECONDS).orElseThrow();
            float[] expected = i % 2 == 0 ? new float[]{20f * i, 20f * i + 1} : new float[]{20f * i, 20f * i + 1, 20f * i + 2, 20f * i + 3};
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(values(answer.outputs().get(0))));
            assertEquals(expected.length / 2, answer.outputs().get(0).shape()[0]);
            assertEquals(7, answer.runRows());
            assertEquals(i == 0, answer.firstOfRun(), "one request per run counts the run");
        }
        assertEquals(List.of(1L, 7L), runRows, "1 row alone, then the 5 queued requests' 7 rows in one run");
    }

    @Test
    void requestsWithOtherInnerDimensionsOrOutputsRunSeparately() throws Exception {
        start(16);
        submit(rows("x", 1), List.of());
        awaitQueued(0);
        ByteBuffer wide = Tensor.allocate(DataType.FP32, 3);
        Future<Optional<DynamicBatcher.Answer>> other = submit(
                List.of(Tensor.numeric("x", DataType.FP32, new long[]{1, 3}, wide)), List.of());
        awaitQueued(1);
        Future<Optional<DynamicBatcher.Answer>> otherOutputs = submit(rows("x", 5), List.of("y_x"));
        awaitQueued(2);
        Future<Optional<DynamicBatcher.Answer>> same = submit(rows("x", 7), List.of());
        awaitQueued(3);
        releaseFirstRun.countDown();
        assertEquals(1, other.get(10, TimeUnit.SECONDS).orElseThrow().runRows());
        assertEquals(1, otherOutputs.get(10, TimeUnit.SECONDS).orElseThrow().runRows());
        assertEquals(1, same.get(10, TimeUnit.SECONDS).orElseThrow().runRows());
        assertEquals(4, runRows.size(), "no two of the three shapes share a run: " + runRows);
    }

    @Test
    void aRunNeverCarriesMoreThanMaxBatchSizeRows() throws Exception {
        start(4);
        submit(rows("x", 1), List.of());
        awaitQueued(0);
        List<Future<Optional<DynamicBatcher.Answer>>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(submit(rows("x", i, i), List.of()));
            awaitQueued(i + 1);
        }
        releaseFirstRun.countDown();
        for (Future<Optional<DynamicBatcher.Answer>> f : waiting) {
            f.get(10, TimeUnit.SECONDS).orElseThrow();
        }
        assertEquals(List.of(1L, 4L, 4L, 2L), runRows);
    }

    @Test
    void aFullQueueRefusesTheNextRequestAtOnceNamingTheModel() throws Exception {
        start(16, List.of(), Duration.ZERO, 2, Duration.ofSeconds(10));
        submit(rows("x", 1), List.of());
        awaitQueued(0);
        submit(rows("x", 2), List.of());
        submit(rows("x", 3), List.of());
        awaitQueued(2);
        QueueFullException e = assertThrows(QueueFullException.class, () -> batcher.submit(rows("x", 4), List.of(), 1));
        assertEquals("model 'm' version 1: the batch queue is full (2 requests waiting, dynamic-batching.max-queue-size);"
                + " try again later", e.getMessage());
        assertEquals(503, e.status());
    }

    @Test
    void aRequestThatWaitsPastTheQueueTimeoutIsRefusedAndLeavesTheQueue() throws Exception {
        start(16, List.of(), Duration.ZERO, 10, Duration.ofMillis(100));
        submit(rows("x", 1), List.of());
        awaitQueued(0);
        long started = System.nanoTime();
        QueueTimeoutException e = assertThrows(QueueTimeoutException.class, () -> batcher.submit(rows("x", 2), List.of(), 1));
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(100));
        assertEquals("model 'm' version 1: the request waited in the batch queue longer than dynamic-batching.queue-timeout"
                + " (100 ms); try again later", e.getMessage());
        assertEquals(0, batcher.queued(), "the refused request does not run later");
        releaseFirstRun.countDown();
    }

    @Test
    void aPreferredBatchSizeStartsTheRunWithoutWaitingOutTheDelay() throws Exception {
        releaseFirstRun.countDown();
        start(16, List.of(2), Duration.ofSeconds(5), 10, Duration.ofSeconds(10));
        long started = System.nanoTime();
        Future<Optional<DynamicBatcher.Answer>> a = submit(rows("x", 1), List.of());
        Future<Optional<DynamicBatcher.Answer>> b = submit(rows("x", 2), List.of());
        assertEquals(2, a.get(4, TimeUnit.SECONDS).orElseThrow().runRows());
        assertEquals(2, b.get(4, TimeUnit.SECONDS).orElseThrow().runRows());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(4), "it did not wait the 5 s delay");
    }

    @Test
    void aLoneRequestWaitsTheQueueDelayForCompanyThenRunsAlone() throws Exception {
        releaseFirstRun.countDown();
        start(16, List.of(), Duration.ofMillis(150), 10, Duration.ofSeconds(10));
        DynamicBatcher.Answer answer = batcher.submit(rows("x", 1), List.of(), 1).orElseThrow();
        assertEquals(1, answer.runRows());
        assertTrue(answer.queueNanos() >= TimeUnit.MILLISECONDS.toNanos(150), "queued " + answer.queueNanos() + " ns");
    }

    @Test
    void stoppingRunsEveryQueuedRequestAndLeavesLaterOnesToTheirCallers() throws Exception {
        start(2);
        submit(rows("x", 1), List.of());
        awaitQueued(0);
        List<Future<Optional<DynamicBatcher.Answer>>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(submit(rows("x", i), List.of()));
            awaitQueued(i + 1);
        }
        batcher.stop();
        releaseFirstRun.countDown();
        for (Future<Optional<DynamicBatcher.Answer>> f : waiting) {
            assertTrue(f.get(10, TimeUnit.SECONDS).isPresent(), "a queued request is answered after the stop");
        }
        assertTrue(batcher.awaitStopped(5000));
        assertFalse(batcher.submit(rows("x", 9), List.of(), 1).isPresent(), "a stopped batcher takes no request");
    }

    @Test
    void aFailedRunFailsEveryRequestInItWithTheCause() throws Exception {
        batcher = new DynamicBatcher("m", 1, new BatchingPolicy(8, List.of(), Duration.ZERO, 10, Duration.ofSeconds(5)),
                (inputs, outputs) -> {
                    throw new IllegalStateException("the runtime said no");
                });
        batcher.start();
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> batcher.submit(rows("x", 1), List.of(), 1));
        assertEquals("the runtime said no", e.getCause().getMessage());
    }

    @Test
    void aCallerInterruptedWhileItsRunRunsStillWaitsForTheAnswerAndKeepsTheInterrupt() throws Exception {
        start(16);
        java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                Optional<DynamicBatcher.Answer> answer = batcher.submit(rows("x", 1), List.of(), 1);
                outcome.set(answer.isPresent() + " " + Thread.currentThread().isInterrupted());
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        caller.start();
        awaitQueued(0);
        caller.interrupt();
        Thread.sleep(100);
        assertTrue(caller.isAlive(), "it does not leave a run that reads its inputs");
        releaseFirstRun.countDown();
        caller.join(5000);
        assertEquals("true true", outcome.get());
    }

    @Test
    void aCallerInterruptedWhileQueuedLeavesTheQueue() throws Exception {
        start(16);
        Future<Optional<DynamicBatcher.Answer>> first = submit(rows("x", 1), List.of());
        awaitQueued(0);
        java.util.concurrent.atomic.AtomicReference<Object> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.set(batcher.submit(rows("x", 2), List.of(), 1));
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        caller.start();
        awaitQueued(1);
        caller.interrupt();
        caller.join(5000);
        assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
        assertEquals(0, batcher.queued());
        releaseFirstRun.countDown();
        first.get(10, TimeUnit.SECONDS);
        batcher.stop();
        assertTrue(batcher.awaitStopped(5000));
        assertEquals(List.of(1L), runRows, "the interrupted request never ran");
    }

    @Test
    void aModelWhoseOutputIsNotOneRowPerInputRowRunsTheGatheredRequestsOneByOne() throws Exception {
        List<Long> rows = new CopyOnWriteArrayList<>();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        batcher = new DynamicBatcher("m", 1, new BatchingPolicy(8, List.of(), Duration.ZERO, 10, Duration.ofSeconds(10)),
                (inputs, outputs) -> {
                    // Sums the whole batch into one number, as a model that reduces over the first dimension would.
                    Tensor x = inputs.get(0);
                    rows.add(x.shape()[0]);
                    if (rows.size() == 1) {
                        held.countDown();
                        assertTrue(release.await(10, TimeUnit.SECONDS));
                    }
                    float sum = 0;
                    for (int i = 0; i < x.elementCount(); i++) {
                        sum += x.buffer().getFloat(i * 4);
                    }
                    ByteBuffer out = Tensor.allocate(DataType.FP32, 1);
                    out.putFloat(0, sum);
                    return List.of(Tensor.numeric("sum", DataType.FP32, new long[]{1, 1}, out));
                });
        batcher.start();
        submit(rows("x", 1), List.of());
        assertTrue(held.await(10, TimeUnit.SECONDS));
        Future<Optional<DynamicBatcher.Answer>> a = submit(rows("x", 10), List.of());
        Future<Optional<DynamicBatcher.Answer>> b = submit(rows("x", 100), List.of());
        while (batcher.queued() < 2) {
            Thread.sleep(2);
        }
        release.countDown();
        assertEquals(20.5f, values(a.get(10, TimeUnit.SECONDS).orElseThrow().outputs().get(0))[0]);
        assertEquals(200.5f, values(b.get(10, TimeUnit.SECONDS).orElseThrow().outputs().get(0))[0]);
        assertEquals(List.of(1L, 2L, 1L, 1L), rows, "the gathered run could not be cut, so each ran alone");
    }
}
