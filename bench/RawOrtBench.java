import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The baseline for bench/run.sh: OrtSession.run in-process, on the same input the service gets, with
 * the same session options, from 1, 8 and 32 threads. Prints one line per concurrency:
 * {@code raw <threads> <calls/s> <p50 ms> <p99 ms>}.
 *
 * Run: java -cp onnxruntime-1.29.0.jar bench/RawOrtBench.java models/penguins-mlp/model.onnx 10 1,8,32
 */
public class RawOrtBench {

    public static void main(String[] args) throws Exception {
        String model = args[0];
        int seconds = Integer.parseInt(args[1]);
        int[] concurrencies = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model, options)) {
                run(env, session, 4, 2); // warm-up, not reported
                for (int threads : concurrencies) {
                    double[] result = run(env, session, threads, seconds);
                    System.out.printf("raw %d %.1f %.3f %.3f%n", threads, result[0], result[1], result[2]);
                }
            }
        }
    }

    /** Returns calls per second, p50 and p99 latency in milliseconds. */
    private static double[] run(OrtEnvironment env, OrtSession session, int threads, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(threads);
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[threads];
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[4_000_000];
            latencies.add(mine);
            int index = t;
            Thread thread = new Thread(() -> {
                try {
                    int n = 0;
                    while (running.get() && n < mine.length) {
                        long start = System.nanoTime();
                        // A fresh direct buffer and tensor per call, as the service builds one per request.
                        FloatBuffer input = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).asFloatBuffer();
                        input.put(new float[]{40.3f, 18f, 195f, 3250f}).flip();
                        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[]{1, 4});
                             OrtSession.Result result = session.run(Map.of("measurements", tensor))) {
                            float[][] logits = (float[][]) result.get(0).getValue();
                            if (logits[0].length != 3) {
                                throw new IllegalStateException("unexpected output");
                            }
                        }
                        mine[n++] = System.nanoTime() - start;
                    }
                    counts[index] = n;
                } catch (Exception e) {
                    throw new RuntimeException(e);
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
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new double[]{total / elapsed, all[(int) (total * 0.50)] / 1e6, all[(int) Math.min(total - 1, total * 0.99)] / 1e6};
    }
}
