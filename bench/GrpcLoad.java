import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.modelgate.kserve.grpc.proto.GRPCInferenceServiceGrpc;
import io.modelgate.kserve.grpc.proto.ModelInferRequest;
import io.modelgate.kserve.grpc.proto.ModelInferResponse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gRPC load of bench/run.sh: CONCURRENCY clients, each on its own HTTP/2 connection, each sending the V2
 * ModelInfer request of one penguin (FP32 [1, 4] as raw_input_contents, as tritonclient sends it) as soon as the
 * last answer came, for SECONDS after a warm-up. Every answer is checked to carry three logits; a failure ends
 * the run. Prints {@code grpc <concurrency> <requests/s> <p50 ms> <p99 ms>}.
 *
 * Run (bench/run.sh compiles it first): java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' bench/GrpcLoad.java HOST PORT SECONDS CONCURRENCY
 */
public class GrpcLoad {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        ByteBuffer raw = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : new float[]{40.3f, 18f, 195f, 3250f}) {
            raw.putFloat(value);
        }
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName("penguins-mlp")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("measurements").setDatatype("FP32").addShape(1).addShape(4))
                .addRawInputContents(ByteString.copyFrom(raw.array()))
                .build();
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            channels.add(ManagedChannelBuilder.forAddress(host, port).usePlaintext().build());
        }
        run(channels, request, 3); // warm-up, not reported
        long[] latencies = run(channels, request, seconds);
        Arrays.sort(latencies);
        System.out.printf("grpc %d %.1f %.3f %.3f%n", concurrency, latencies.length / (double) seconds,
                latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6);
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static long[] run(List<ManagedChannel> channels, ModelInferRequest request, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[channels.size()];
        for (int t = 0; t < channels.size(); t++) {
            int index = t;
            long[] own = new long[4_000_000 / channels.size() + 1];
            perThread.add(own);
            GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub = GRPCInferenceServiceGrpc.newBlockingStub(channels.get(t));
            Thread thread = new Thread(() -> {
                int n = 0;
                while (!stop.get() && n < own.length) {
                    long started = System.nanoTime();
                    try {
                        ModelInferResponse response = stub.modelInfer(request);
                        if (response.getRawOutputContentsCount() != 1 || response.getRawOutputContents(0).size() != 12) {
                            throw new IllegalStateException("unexpected answer: " + response);
                        }
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        System.err.println(e);
                        stop.set(true);
                        return;
                    }
                    own[n++] = System.nanoTime() - started;
                }
                counts[index] = n;
            });
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " gRPC requests failed");
        }
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int t = 0; t < perThread.size(); t++) {
            System.arraycopy(perThread.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        return all;
    }
}
