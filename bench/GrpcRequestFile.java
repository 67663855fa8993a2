import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.modelgate.kserve.grpc.proto.GRPCInferenceServiceGrpc;
import io.modelgate.kserve.grpc.proto.ModelInferRequest;
import io.modelgate.kserve.grpc.proto.ModelInferResponse;

import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Writes one V2 ModelInfer request (one FP32 input as raw_input_contents, as tritonclient sends it) as one gRPC
 * length-prefixed message, the body h2load sends in bench/run.sh and bench/images.sh, then asks the server once with
 * grpc-java and checks that the answer carries its outputs as raw contents. Prints the length of the answer's message
 * with its 5-byte prefix: h2load does not read gRPC trailers, so the scripts check that every answer carried exactly
 * that many bytes of data (a failed call is answered with trailers only, no data).
 *
 * Run: java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' bench/GrpcRequestFile.java HOST PORT FILE
 *      MODEL INPUT SHAPE DATA, SHAPE comma-separated, DATA the values comma-separated or @file of little-endian floats.
 */
public class GrpcRequestFile {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long[] shape = Arrays.stream(args[5].split(",")).mapToLong(Long::parseLong).toArray();
        byte[] raw = littleEndianFloats(args[6]);
        if (raw.length != Float.BYTES * Arrays.stream(shape).reduce(1, Math::multiplyExact)) {
            throw new IllegalArgumentException(raw.length / Float.BYTES + " values do not fill shape " + args[5]);
        }
        ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(args[4]).setDatatype("FP32");
        Arrays.stream(shape).forEach(input::addShape);
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName(args[3]).addInputs(input)
                .addRawInputContents(ByteString.copyFrom(raw)).build();
        try (DataOutputStream out = new DataOutputStream(new FileOutputStream(args[2]))) {
            byte[] message = request.toByteArray();
            out.writeByte(0); // not compressed
            out.writeInt(message.length); // big-endian, as the gRPC wire format wants
            out.write(message);
        }
        ManagedChannel channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().maxInboundMessageSize(32 << 20).build();
        try {
            ModelInferResponse answer = GRPCInferenceServiceGrpc.newBlockingStub(channel).modelInfer(request);
            if (answer.getOutputsCount() == 0 || answer.getRawOutputContentsCount() != answer.getOutputsCount()) {
                throw new IllegalStateException("ModelInfer did not answer its outputs as raw contents: " + answer);
            }
            System.out.println(5 + answer.getSerializedSize());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static byte[] littleEndianFloats(String arg) throws Exception {
        if (arg.startsWith("@")) {
            return Files.readAllBytes(Path.of(arg.substring(1)));
        }
        String[] values = arg.split(",");
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (String value : values) {
            raw.putFloat(Float.parseFloat(value));
        }
        return raw.array();
    }
}
