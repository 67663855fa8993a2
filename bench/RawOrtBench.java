import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The baseline for bench/run.sh and bench/images.sh: OrtSession.run in-process, on the same input the
 * service gets, with the same session options, from each of the given numbers of threads. Prints one
 * line per concurrency: {@code raw <threads> <calls/s> <p50 ms> <p99 ms>}.
 *
 * Run: java -cp onnxruntime-1.29.0.jar bench/RawOrtBench.java MODEL SECONDS CONCURRENCIES INPUT SHAPE DATA
 * e.g. ... models/penguins-mlp/model.onnx 10 1,8,32 measurements 1,4 40.3,18,195,3250
 * DATA is the FP32 input, comma-separated, or @file for a file of little-endian floats.
 */
public class RawOrtBench {

    public static void main(String[] args) throws Exception {
        String model = args[0];
        int seconds = Integer.parseInt(args[1]);
        int[] concurrencies = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        String input = args[3];
        long[] shape = Arrays.stream(args[4].split(",")).mapToLong(Long::parseLong).toArray();
        float[] data = data(args[5]);
        if (data.length != Arrays.stream(shape).reduce(1, (a, b) -> a * b)) {
            throw new IllegalArgumentException(data.length + " values do not fill shape " + args[4]);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model, options)) {
                run(env, session, input, shape, data, 4, 2); // warm-up, not reported
                for (int threads : concurrencies) {
                    double[] result = run(env, session, input, shape, data, threads, seconds);
                    System.out.printf("raw %d %.1f %.3f %.3f%n", threads, result[0], result[1], result[2]);
                }
            }
        }
    }

    /** Returns calls per second, p50 and p99 latency in milliseconds. */
    private static float[] data(String arg) throws Exception {
        if (arg.startsWith("@")) {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(Path.of(arg.substring(1)))).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(values);
            return values;
        }
        String[] parts = arg.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i]);
        }
        return values;
    }

    private static double[] run(OrtEnvironment env, OrtSession session, String inputName, long[] shape, float[] data,
                                int threads, int seconds) throws Exception {
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
                        FloatBuffer input = ByteBuffer.allocateDirect(4 * data.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
                        input.put(data).flip();
                        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
                             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                            float[][] output = (float[][]) result.get(0).getValue();
                            if (output.length != shape[0]) {
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
