package io.modelgate.serving;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelgate.TestFolders;
import io.modelgate.errors.NotReadyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dynamic batching and the response cache on the real penguins MLP, through {@link InferenceService} without Quarkus:
 * gathered answers are bit for bit the answers of the same rows run alone.
 */
class DynamicBatchingInferenceTest {

    private static final String BATCHED = "penguins-batched";
    private static final String SLOW = "penguins-slow-batcher";
    private static final String CACHED = "penguins-cached";
    private static Path dir;
    private static SimpleMeterRegistry registry;
    private static ModelRepository repository;
    private static InferenceService inference;

    @BeforeAll
    static void load() throws Exception {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "batching-models-");
        copyPenguins(BATCHED, "dynamic-batching: {max-batch-size: 16, max-queue-delay: 2ms}\n");
        copyPenguins(SLOW, "dynamic-batching: {max-batch-size: 16, max-queue-delay: 1s}\n");
        copyPenguins(CACHED, "response-cache: {max-entries: 2}\n");
        ModelRepositoryConfig config = TestConfigs.repository(dir, ModelRepositoryConfig.ExecutionProvider.CPU, 32);
        registry = new SimpleMeterRegistry();
        ServingMetrics metrics = new ServingMetrics(registry);
        repository = new ModelRepository(config, new ModelLoader(new ExecutionProviders(config), config), metrics);
        repository.scan();
        inference = new InferenceService(repository, metrics, config);
        for (String model : List.of(BATCHED, SLOW, CACHED)) {
            assertTrue(repository.version(model, OptionalLong.empty()).ready(), repository.index().toString());
        }
    }

    @AfterAll
    static void unload() {
        repository.close();
        TestFolders.deleteTree(dir);
    }

    private static void copyPenguins(String name, String block) throws Exception {
        Path target = dir.resolve(name);
        TestFolders.copyTree(Path.of("models/penguins-mlp"), target);
        Path yaml = target.resolve("model.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("name: penguins-mlp", "name: " + name) + block);
    }

    private static Tensor measurements(float[][] rows) {
        java.nio.ByteBuffer buffer = Tensor.allocate(DataType.FP32, rows.length * 4L);
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < 4; c++) {
                buffer.putFloat((r * 4 + c) * 4, rows[r][c]);
            }
        }
        return Tensor.numeric("measurements", DataType.FP32, new long[]{rows.length, 4}, buffer);
    }

    private static float[][] penguins(int count, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[count][];
        for (int i = 0; i < count; i++) {
            rows[i] = new float[]{32 + 28 * random.nextFloat(), 13 + 9 * random.nextFloat(), 170 + 60 * random.nextFloat(),
                    2700 + 3600 * random.nextFloat()};
        }
        return rows;
    }

    private static List<Tensor> infer(String model, Tensor input) {
        try (ModelLease lease = inference.acquire(model, OptionalLong.empty(), "test")) {
            return inference.infer(lease, List.of(input), List.of(), "test");
        }
    }

    /** The same rows through ONNX Runtime alone: no batcher, no cache. */
    private static float[] unbatched(String model, Tensor input) throws Exception {
        try (ModelLease lease = repository.acquire(model, OptionalLong.empty())) {
            return floats(lease.model().run(List.of(input), List.of()).get(0));
        }
    }

    private static float[] floats(Tensor tensor) {
        float[] values = new float[Math.toIntExact(tensor.elementCount())];
        tensor.buffer().duplicate().order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer().get(values);
        return values;
    }

    private static DistributionSummary runRows(String model) {
        return registry.find("modelgate.inference.run.rows").tag("model", model).summary();
    }

    @Test
    void concurrentRequestsAreGatheredAndEachAnswerEqualsItsRowRunAlone() throws Exception {
        float[][] rows = penguins(96, 7);
        ExecutorService clients = Executors.newFixedThreadPool(24);
        List<Future<float[]>> answers = new ArrayList<>();
        for (float[] row : rows) {
            answers.add(clients.submit(() -> floats(infer(BATCHED, measurements(new float[][]{row})).get(0))));
        }
        for (int i = 0; i < rows.length; i++) {
            float[] expected = unbatched(BATCHED, measurements(new float[][]{rows[i]}));
            assertArrayEquals(expected, answers.get(i).get(30, TimeUnit.SECONDS), "row " + i + " " + Arrays.toString(rows[i]));
        }
        clients.shutdown();
        DistributionSummary runs = runRows(BATCHED);
        assertTrue(runs.max() > 1, "some run carried more than one row: max " + runs.max());
        assertTrue(runs.count() < rows.length, runs.count() + " runs for " + rows.length + " requests");
        assertEquals(rows.length, (long) runs.totalAmount(), "every row ran exactly once");
    }

    @Test
    void aRequestBiggerThanTheBatchLimitRunsAloneAndAnswersAsUnbatched() throws Exception {
        Tensor big = measurements(penguins(20, 11));
        double before = runRows(BATCHED) == null ? 0 : runRows(BATCHED).totalAmount();
        float[] answer = floats(infer(BATCHED, big).get(0));
        assertArrayEquals(unbatched(BATCHED, big), answer);
        assertEquals(20, runRows(BATCHED).totalAmount() - before, 0.0);
        assertTrue(runRows(BATCHED).max() >= 20, "the 20 rows ran as one run");
    }

    @Test
    void unloadingWithRequestsQueuedAnswersEveryOneOfThemThenRefusesNewOnes() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<float[]>> answers = new ArrayList<>();
        float[][] rows = penguins(4, 13);
        List<float[]> expected = new ArrayList<>();
        for (float[] row : rows) {
            expected.add(unbatched(SLOW, measurements(new float[][]{row})));
        }
        long started = System.nanoTime();
        for (float[] row : rows) {
            answers.add(clients.submit(() -> floats(infer(SLOW, measurements(new float[][]{row})).get(0))));
        }
        Thread.sleep(100); // they wait for company: the delay is 1 s
        repository.unload(SLOW);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(expected.get(i), answers.get(i).get(10, TimeUnit.SECONDS));
        }
        assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(900),
                "the unload ran the queue at once rather than after the 1 s delay");
        clients.shutdown();
        assertThrows(NotReadyException.class, () -> infer(SLOW, measurements(new float[][]{rows[0]})));
        repository.load(SLOW);
    }

    @Test
    void aCachedAnswerEqualsTheComputedOneAndTheCountersSayHitAndMiss() throws Exception {
        Tensor input = measurements(penguins(3, 17));
        float[] computed = floats(infer(CACHED, input).get(0));
        float[] cached = floats(infer(CACHED, measurements(penguins(3, 17))).get(0));
        assertArrayEquals(computed, cached);
        assertArrayEquals(unbatched(CACHED, input), cached);
        assertEquals(1, registry.find("modelgate.inference.cache").tags("model", CACHED, "result", "hit").counter().count());
        assertEquals(1, registry.find("modelgate.inference.cache").tags("model", CACHED, "result", "miss").counter().count());
        assertEquals(3, runRows(CACHED).totalAmount(), 0.0, "the hit did not run the model");
    }

    @Test
    void theCacheKeyTellsApartEveryPartOfARequest() {
        ModelMetadata model = repository.version(CACHED, OptionalLong.empty()).metadata().orElseThrow();
        Tensor one = measurements(penguins(2, 1));
        String key = ResponseCache.key(model, List.of(one), List.of());
        assertEquals(key, ResponseCache.key(model, List.of(measurements(penguins(2, 1))), List.of()));
        assertTrue(!key.equals(ResponseCache.key(model, List.of(measurements(penguins(2, 2))), List.of())), "other bytes");
        assertTrue(!key.equals(ResponseCache.key(model, List.of(one), List.of("logits"))), "other outputs");
        Tensor reshaped = Tensor.numeric("measurements", DataType.FP32, new long[]{4, 2}, one.buffer());
        assertTrue(!key.equals(ResponseCache.key(model, List.of(reshaped), List.of())), "other shape");
        ModelMetadata otherVersion = new ModelMetadata(model.name(), 2, model.task(), model.description(), model.inputs(),
                model.outputs(), model.labels(), model.maxBatchSize(), model.executionProvider(), model.sha256(),
                model.onnxMetadata());
        assertTrue(!key.equals(ResponseCache.key(otherVersion, List.of(one), List.of())), "other version");
    }
}
