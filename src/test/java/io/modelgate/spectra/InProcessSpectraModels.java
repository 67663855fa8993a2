package io.modelgate.spectra;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelgate.TestFolders;
import io.modelgate.serving.ExecutionProviders;
import io.modelgate.serving.InferenceService;
import io.modelgate.serving.ModelLoader;
import io.modelgate.serving.ModelMetadata;
import io.modelgate.serving.ModelRepository;
import io.modelgate.serving.ModelRepositoryConfig;
import io.modelgate.serving.ServingMetrics;
import io.modelgate.serving.TestConfigs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The service's own embedding path without Quarkus, for unit tests: {@link SpectraModels} over a
 * {@link ModelRepository} (reference-counted versions, concurrency permits, metrics) of a folder holding
 * ms2deepscore's testmodel_v1.onnx as {@value #TEST_MODEL} and the fixture {@code toy-linear}, which is no spectra
 * model.
 */
final class InProcessSpectraModels implements AutoCloseable {

    static final String TEST_MODEL = "ms2deepscore-testmodel";
    static final String NOT_A_SPECTRA_MODEL = "toy-linear";

    final ModelRepository repository;
    final SpectraModels models;
    private final Path dir;

    private InProcessSpectraModels(Path dir) {
        this.dir = dir;
        ModelRepositoryConfig config = TestConfigs.repository(dir, ModelRepositoryConfig.ExecutionProvider.CPU, 1024);
        ServingMetrics metrics = new ServingMetrics(new SimpleMeterRegistry());
        repository = new ModelRepository(config, new ModelLoader(new ExecutionProviders(config), config), metrics);
        repository.scan();
        models = new SpectraModels(repository, new InferenceService(repository, metrics, config), spectraConfig());
    }

    /** A repository of the test model and toy-linear in a fresh folder under target/. */
    static InProcessSpectraModels start() throws IOException {
        Files.createDirectories(Path.of("target"));
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "spectra-models-");
        TestFolders.copyTree(TestFolders.FIXTURES.resolve(TEST_MODEL), dir.resolve(TEST_MODEL));
        Files.copy(Ms2DeepScoreSettingsTest.TEST_MODEL, dir.resolve(TEST_MODEL).resolve("model.onnx"));
        TestFolders.copyTree(TestFolders.FIXTURES.resolve(NOT_A_SPECTRA_MODEL), dir.resolve(NOT_A_SPECTRA_MODEL));
        return new InProcessSpectraModels(dir);
    }

    /** The newest version's metadata, as the repository loaded it. */
    ModelMetadata metadata(String model) {
        return repository.version(model, OptionalLong.empty()).metadata().orElseThrow();
    }

    @Override
    public void close() {
        repository.unload(TEST_MODEL);
        repository.unload(NOT_A_SPECTRA_MODEL);
        TestFolders.deleteTree(dir);
    }

    static SpectraConfig spectraConfig() {
        return new SpectraConfig() {
            @Override
            public int maxPeaks() {
                return 100_000;
            }

            @Override
            public int maxSpectraPerRequest() {
                return 10_000;
            }

            @Override
            public int maxLibrarySpectra() {
                return 200_000;
            }

            @Override
            public String task() {
                return "spectra";
            }

            @Override
            public Optional<String> defaultModel() {
                return Optional.empty();
            }

            @Override
            public Path librariesDir() {
                return Path.of("target/libraries");
            }

            @Override
            public java.time.Duration libraryRefresh() {
                return java.time.Duration.ofSeconds(2);
            }
        };
    }
}
