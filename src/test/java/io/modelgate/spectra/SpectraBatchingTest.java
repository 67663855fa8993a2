package io.modelgate.spectra;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelgate.TestFolders;
import io.modelgate.serving.ExecutionProviders;
import io.modelgate.serving.InferenceService;
import io.modelgate.serving.ModelLoader;
import io.modelgate.serving.ModelRepository;
import io.modelgate.serving.ModelRepositoryConfig;
import io.modelgate.serving.ServingMetrics;
import io.modelgate.serving.TestConfigs;
import io.modelgate.spectra.formats.Spectrum;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spectrum embeddings go through the model's dynamic batcher: ms2deepscore-massbank as committed (batching on) next to
 * a copy with the block taken out, each embedding of a gathered run equal to the same spectrum embedded alone.
 */
class SpectraBatchingTest {

    private static final String BATCHED = "ms2deepscore-massbank";
    private static final String ALONE = "ms2deepscore-unbatched";
    private static Path dir;
    private static SimpleMeterRegistry registry;
    private static ModelRepository repository;
    private static SpectraModels models;

    @BeforeAll
    static void load() throws Exception {
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "spectra-batching-");
        TestFolders.copyTree(Path.of("models", BATCHED), dir.resolve(BATCHED));
        // The committed block, with a delay long enough that concurrent requests surely meet in one run.
        Path batchedYaml = dir.resolve(BATCHED).resolve("model.yaml");
        String committed = Files.readString(batchedYaml);
        assertTrue(committed.contains("dynamic-batching:\n  max-batch-size: 64\n"), "the bundled model batches");
        Files.writeString(batchedYaml, committed.replace("dynamic-batching:\n", "dynamic-batching:\n  max-queue-delay: 300ms\n"));
        TestFolders.copyTree(Path.of("models", BATCHED), dir.resolve(ALONE));
        Path aloneYaml = dir.resolve(ALONE).resolve("model.yaml");
        Files.writeString(aloneYaml, committed.replace("name: " + BATCHED, "name: " + ALONE)
                .replace("dynamic-batching:\n  max-batch-size: 64\n", ""));
        ModelRepositoryConfig config = TestConfigs.repository(dir, ModelRepositoryConfig.ExecutionProvider.CPU, 1024);
        registry = new SimpleMeterRegistry();
        ServingMetrics metrics = new ServingMetrics(registry);
        repository = new ModelRepository(config, new ModelLoader(new ExecutionProviders(config), config), metrics);
        repository.scan();
        models = new SpectraModels(repository, new InferenceService(repository, metrics, config), InProcessSpectraModels.spectraConfig());
    }

    @AfterAll
    static void unload() {
        repository.unload(BATCHED);
        repository.unload(ALONE);
        TestFolders.deleteTree(dir);
    }

    private static Spectrum spectrum(Random random) {
        int peaks = 5 + random.nextInt(20);
        double[] mz = new double[peaks];
        double[] intensities = new double[peaks];
        for (int i = 0; i < peaks; i++) {
            mz[i] = 50 + i * 40 + random.nextDouble() * 30;
            intensities[i] = random.nextDouble();
        }
        return new Spectrum(mz, intensities, 900.0, "positive", Map.of());
    }

    @Test
    void concurrentSingleSpectrumEmbeddingsShareARunAndEqualTheirEmbeddingAlone() throws Exception {
        Random random = new Random(5);
        List<Spectrum> spectra = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            spectra.add(spectrum(random));
        }
        ExecutorService clients = Executors.newFixedThreadPool(spectra.size());
        List<Future<float[]>> embeddings = new ArrayList<>();
        for (Spectrum s : spectra) {
            embeddings.add(clients.submit(() -> models.embed(BATCHED, List.of(s)).vectors()[0]));
        }
        for (int i = 0; i < spectra.size(); i++) {
            assertArrayEquals(models.embed(ALONE, List.of(spectra.get(i))).vectors()[0],
                    embeddings.get(i).get(30, TimeUnit.SECONDS), "spectrum " + i);
        }
        clients.shutdown();
        DistributionSummary runs = registry.find("modelgate.inference.run.rows").tag("model", BATCHED).summary();
        assertTrue(runs.max() > 1, "the single-spectrum requests met in a run: max " + runs.max() + " rows");
        assertEquals(spectra.size(), runs.totalAmount(), 0.0, "every spectrum ran once (the warm-up is not counted)");
    }
}
