package io.modelgate;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Folders of its own for each test run: a model repository (the real models plus the tiny
 * fixture models of {@code src/test/resources/fixture-models}, copied so that tests may change them, and
 * ms2deepscore's testmodel_v1.onnx from the data folder),
 * the real tasks plus the fixture tasks of {@code src/test/resources/fixture-tasks}, and an empty
 * results folder for the ledger.
 *
 * <p>A test class that writes runs names itself in the init argument {@link #RESULTS_FOR} of its
 * {@code @WithTestResource}: the argument makes its set of test resources unlike any other class's, so
 * Quarkus starts an application for it alone, with a results folder (and ledger) no other class writes to.
 */
public class TestFolders implements QuarkusTestResourceLifecycleManager {

    public static final Path FIXTURES = Path.of("src/test/resources/fixture-models");

    public static final Path FIXTURE_TASKS = Path.of("src/test/resources/fixture-tasks");

    /** The init argument naming the one test class whose runs go to this results folder. */
    public static final String RESULTS_FOR = "results-for";

    private String owner = "shared";
    private Path repository;
    private Path results;
    private Path tasks;
    private Path libraries;

    @Override
    public void init(Map<String, String> initArgs) {
        owner = initArgs.getOrDefault(RESULTS_FOR, owner);
    }

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(Path.of("target"));
            repository = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-models-");
            try (Stream<Path> models = Files.list(Path.of("models"))) {
                for (Path model : models.filter(Files::isDirectory).toList()) {
                    copyTree(model, repository.resolve(model.getFileName().toString()));
                }
            }
            try (Stream<Path> fixtures = Files.list(FIXTURES)) {
                for (Path fixture : fixtures.filter(Files::isDirectory).toList()) {
                    copyTree(fixture, repository.resolve(fixture.getFileName().toString()));
                }
            }
            // An ms2deepscore export as ms2deepscore wrote it; mirror-only, so it is not among the fixtures.
            Path upstream = dataDir().resolve("ms2deepscore/testmodel_v1.onnx");
            if (Files.isRegularFile(upstream)) {
                Files.copy(upstream, repository.resolve("ms2deepscore-testmodel/model.onnx"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            results = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-results-" + owner + "-");
            tasks = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-tasks-");
            libraries = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-libraries-");
            copyTree(Path.of("tasks"), tasks);
            copyTree(FIXTURE_TASKS, tasks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("modelgate.models.dir", repository.toString(), "modelgate.results.dir", results.toString(),
                "modelgate.tasks.dir", tasks.toString(), "modelgate.data.dir", dataDir().toAbsolutePath().toString(),
                "modelgate.data.download", "false", "modelgate.spectra.libraries-dir", libraries.toString());
    }

    @Override
    public void stop() {
        deleteTree(repository);
        deleteTree(results);
        deleteTree(tasks);
        deleteTree(libraries);
    }

    /** The data folder the tests read public data sets from: MODELGATE_DATA_DIR, else ../shared/data. */
    public static Path dataDir() {
        String configured = System.getenv("MODELGATE_DATA_DIR");
        return configured != null ? Path.of(configured) : Path.of("../shared/data");
    }

    /** Data sets for unit tests that build repositories by hand: the project's manifest, no downloads. */
    public static io.modelgate.data.DataSets dataSets() {
        return new io.modelgate.data.DataSets(new io.modelgate.data.DataConfig() {
            @Override
            public java.util.Optional<Path> dir() {
                return java.util.Optional.of(dataDir());
            }

            @Override
            public Path manifest() {
                return Path.of("data/manifest.yaml");
            }

            @Override
            public boolean download() {
                return false;
            }

            @Override
            public java.time.Duration downloadTimeout() {
                return java.time.Duration.ofSeconds(1);
            }
        });
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(f -> !f.toString().contains("/train")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
