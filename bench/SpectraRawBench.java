import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelgate.serving.ExecutionProviders;
import io.modelgate.serving.InferenceService;
import io.modelgate.serving.ModelLoader;
import io.modelgate.serving.ModelMetadata;
import io.modelgate.serving.ModelRepository;
import io.modelgate.serving.ModelRepositoryConfig;
import io.modelgate.serving.ServingMetrics;
import io.modelgate.spectra.SpectraConfig;
import io.modelgate.spectra.SpectraModels;
import io.modelgate.spectra.SpectrumTensoriser;
import io.modelgate.spectra.formats.Spectrum;
import io.modelgate.spectra.formats.SpectrumFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The baseline for bench/spectra.sh: ms2deepscore embeddings in-process through the service's own embedding path,
 * {@link SpectraModels#embed} over a {@link ModelRepository} of one model (the service's session options,
 * reference-counted version, concurrency permits and metrics; tensorisation included), without HTTP or JSON, on
 * the same spectra the service gets: spectrum i of a batch is spectrum i mod count of the MGF file (read with
 * modelgate's own SpectrumFiles), as bench/make_spectra_bodies.py writes them. Each of THREADS threads embeds one
 * batch after another for SECONDS per batch size. Prints one line per batch size:
 * {@code raw <batch> <threads> <calls/s> <embeddings/s>}; then, on one thread, where a call's time goes:
 * {@code split <batch> <ms per embed call> <ms per tensorise call>} (SpectrumTensoriser.tensorise alone, the
 * rest of embed is normalising, building the input tensors and the ONNX Runtime run); and one line
 * {@code check <first 3 values>} of the first spectrum's embedding, to compare with the service's answer.
 *
 * Run: java -cp target/classes:SERVICE_JARS bench/SpectraRawBench.java MODEL MGF SECONDS THREADS BATCHES
 * e.g. ... ../shared/data/ms2deepscore/testmodel_v1.onnx ../shared/data/ms2deepscore/pesticides_processed.mgf 10 4 1,64,1024
 * (SERVICE_JARS: ONNX Runtime, Jackson, SnakeYAML, Micrometer and JBoss Logging from target/quarkus-app/lib, as
 * bench/spectra.sh finds them.)
 */
public class SpectraRawBench {

    private static final String NAME = "ms2deepscore-testmodel";

    public static void main(String[] args) throws Exception {
        Path onnx = Path.of(args[0]);
        List<Spectrum> file = new ArrayList<>();
        SpectrumFiles.read(Path.of(args[1]), file::add);
        int seconds = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int[] batches = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
        Path repositoryDir = Files.createTempDirectory("spectra-raw-bench-");
        Files.createDirectories(repositoryDir.resolve(NAME));
        Files.copy(onnx, repositoryDir.resolve(NAME).resolve("model.onnx"));
        Files.writeString(repositoryDir.resolve(NAME).resolve("model.yaml"), "name: " + NAME + "\n");
        ModelRepositoryConfig config = config(repositoryDir, Math.max(threads, 1));
        ServingMetrics metrics = new ServingMetrics(new SimpleMeterRegistry());
        ModelRepository repository = new ModelRepository(config, new ModelLoader(new ExecutionProviders(config), config),
                metrics);
        try {
            repository.scan();
            SpectraModels models = new SpectraModels(repository, new InferenceService(repository, metrics), spectraConfig());
            float[] first = models.embed(NAME, List.of(file.get(0))).vectors()[0];
            System.out.printf("check %s %s %s%n", first[0], first[1], first[2]);
            run(models, batch(file, 64), threads, 2); // warm-up, not reported
            for (int size : batches) {
                double callsPerSecond = run(models, batch(file, size), threads, seconds);
                System.out.printf("raw %d %d %.2f %.1f%n", size, threads, callsPerSecond, callsPerSecond * size);
            }
            ModelMetadata metadata = repository.version(NAME, OptionalLong.empty()).metadata().orElseThrow();
            SpectrumTensoriser tensoriser = new SpectrumTensoriser(models.settings(metadata));
            for (int size : batches) {
                List<Spectrum> batch = batch(file, size);
                double embedMs = 1000 / run(models, batch, 1, Math.max(1, seconds / 5));
                double tensoriseMs = msPerCall(() -> tensoriser.tensorise(batch), Math.max(1, seconds / 5));
                System.out.printf("split %d %.4f %.4f%n", size, embedMs, tensoriseMs);
            }
        } finally {
            if (repository.contains(NAME)) {
                repository.unload(NAME);
            }
            Files.deleteIfExists(repositoryDir.resolve(NAME).resolve("model.onnx"));
            Files.deleteIfExists(repositoryDir.resolve(NAME).resolve("model.yaml"));
            Files.deleteIfExists(repositoryDir.resolve(NAME));
            Files.deleteIfExists(repositoryDir);
        }
    }

    /** {@code size} spectra: the file's, in order, repeated from the first as needed. */
    private static List<Spectrum> batch(List<Spectrum> file, int size) {
        List<Spectrum> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(file.get(i % file.size()));
        }
        return List.copyOf(batch);
    }

    /** Milliseconds per call of {@code work} on this thread, after as many calls as fill 1 s of warm-up. */
    private static double msPerCall(Runnable work, int seconds) {
        for (long end = System.nanoTime() + 1_000_000_000L; System.nanoTime() < end; ) {
            work.run();
        }
        long calls = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long now;
        do {
            work.run();
            calls++;
        } while ((now = System.nanoTime()) < end);
        return (now - start) / 1e6 / calls;
    }

    /** Calls of {@code embed(batch)} per second, summed over the threads. */
    private static double run(SpectraModels models, List<Spectrum> batch, int threads, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(threads);
        long[] counts = new long[threads];
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                try {
                    long n = 0;
                    while (running.get()) {
                        float[][] embeddings = models.embed(NAME, batch).vectors();
                        if (embeddings.length != batch.size()) {
                            throw new IllegalStateException("unexpected output");
                        }
                        n++;
                    }
                    counts[index] = n;
                } catch (Throwable e) {
                    failure[0] = e;
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        running.set(false);
        done.await();
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (failure[0] != null) {
            throw new IllegalStateException("a thread failed", failure[0]);
        }
        return Arrays.stream(counts).sum() / elapsed;
    }

    /** The service's defaults (application.properties), with one concurrency permit per bench thread. */
    private static ModelRepositoryConfig config(Path dir, int concurrency) {
        return new ModelRepositoryConfig() {
            public Path dir() {
                return dir;
            }

            public Optional<Duration> pollInterval() {
                return Optional.empty();
            }

            public ExecutionProvider executionProvider() {
                return ExecutionProvider.CPU;
            }

            public int cudaDeviceId() {
                return 0;
            }

            public int intraOpThreads() {
                return 0;
            }

            public int interOpThreads() {
                return 0;
            }

            public int maxConcurrency() {
                return concurrency;
            }

            public long maxImagePixels() {
                return 16_777_216;
            }

            public int maxBatchSize() {
                return 1024;
            }

            public boolean strictReadiness() {
                return true;
            }
        };
    }

    private static SpectraConfig spectraConfig() {
        return new SpectraConfig() {
            public int maxPeaks() {
                return 100_000;
            }

            public int maxSpectraPerRequest() {
                return 10_000;
            }

            public int maxLibrarySpectra() {
                return 200_000;
            }

            public String task() {
                return "spectra";
            }

            public Optional<String> defaultModel() {
                return Optional.empty();
            }

            public Path librariesDir() {
                return Path.of("libraries");
            }
        };
    }
}
