import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.modelgate.spectra.SpectrumEmbedder;
import io.modelgate.spectra.SpectrumTensoriser;
import io.modelgate.spectra.formats.Spectrum;
import io.modelgate.spectra.formats.SpectrumFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The baseline for bench/spectra.sh: ms2deepscore embeddings in-process, {@link SpectrumEmbedder#embed} over a
 * plain OrtSession (the same session options as bench/RawOrtBench.java and the service), tensorisation
 * included, on the same spectra the service gets: spectrum i of a batch is spectrum i mod count of the MGF file
 * (read with modelgate's own SpectrumFiles), as bench/make_spectra_bodies.py writes them. Each of THREADS threads
 * embeds one batch after another for SECONDS per batch size. Prints one line per batch size:
 * {@code raw <batch> <threads> <calls/s> <embeddings/s>}; then, on one thread, where a call's time goes:
 * {@code split <batch> <ms per embed call> <ms per tensorise call>} (SpectrumTensoriser.tensorise alone, the
 * rest of embed is building the OnnxTensor and OrtSession.run); and one line {@code check <first 3 values>} of
 * the first spectrum's embedding, to compare with the service's answer.
 *
 * Run: java -cp target/classes:ONNXRUNTIME_JAR:JACKSON_JARS bench/SpectraRawBench.java MODEL MGF SECONDS THREADS BATCHES
 * e.g. ... ../shared/data/ms2deepscore/testmodel_v1.onnx ../shared/data/ms2deepscore/pesticides_processed.mgf 10 4 1,64,1024
 * (Jackson: Ms2DeepScoreSettings reads the settings JSON stored in the model.)
 */
public class SpectraRawBench {

    public static void main(String[] args) throws Exception {
        String model = args[0];
        List<Spectrum> file = new ArrayList<>();
        SpectrumFiles.read(Path.of(args[1]), file::add);
        int seconds = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int[] batches = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model, options)) {
                SpectrumEmbedder embedder = new SpectrumEmbedder(env, session);
                float[] first = embedder.embed(file.get(0));
                System.out.printf("check %s %s %s%n", first[0], first[1], first[2]);
                run(embedder, batch(file, 64), threads, 2); // warm-up, not reported
                for (int size : batches) {
                    double callsPerSecond = run(embedder, batch(file, size), threads, seconds);
                    System.out.printf("raw %d %d %.2f %.1f%n", size, threads, callsPerSecond, callsPerSecond * size);
                }
                SpectrumTensoriser tensoriser = new SpectrumTensoriser(embedder.settings());
                for (int size : batches) {
                    List<Spectrum> batch = batch(file, size);
                    double embedMs = 1000 / run(embedder, batch, 1, Math.max(1, seconds / 5));
                    double tensoriseMs = msPerCall(() -> tensoriser.tensorise(batch), Math.max(1, seconds / 5));
                    System.out.printf("split %d %.4f %.4f%n", size, embedMs, tensoriseMs);
                }
            }
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
    private static double run(SpectrumEmbedder embedder, List<Spectrum> batch, int threads, int seconds)
            throws Exception {
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
                        float[][] embeddings = embedder.embed(batch);
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
}
