package io.modelgate.client;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.modelgate.kserve.BinaryTensors;
import io.modelgate.kserve.grpc.proto.GRPCInferenceServiceGrpc;
import io.modelgate.kserve.grpc.proto.ModelInferRequest;
import io.modelgate.kserve.grpc.proto.ModelInferResponse;
import io.modelgate.kserve.grpc.proto.ModelMetadataRequest;
import io.modelgate.kserve.grpc.proto.ModelMetadataResponse;
import io.modelgate.kserve.grpc.proto.ServerLiveRequest;
import io.modelgate.kserve.grpc.proto.ServerReadyRequest;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The V2 API over gRPC (plaintext HTTP/2, by default on the server's HTTP port), through the generated blocking
 * stub. Inputs go as raw_input_contents, so the outputs come back raw too.
 */
public final class GrpcInferenceClient implements InferenceClient {

    private static final int MAX_MESSAGE_BYTES = 64 << 20;

    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;
    private final Duration timeout;

    public GrpcInferenceClient(String host, int port, Duration timeout) {
        // Answers may be as large as requests (the server takes 32 MiB); gRPC's own client default is 4 MiB.
        this.channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
        this.stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        this.timeout = timeout;
    }

    @Override
    public boolean live() {
        return call(() -> stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
    }

    @Override
    public boolean ready() {
        return call(() -> stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
    }

    @Override
    public ModelDescription metadata(String model) {
        ModelMetadataResponse response = call(() -> stub().modelMetadata(
                ModelMetadataRequest.newBuilder().setName(model).build()));
        return new ModelDescription(response.getName(), response.getVersionsList(), response.getPlatform(),
                response.getInputsList().stream().map(GrpcInferenceClient::tensor).toList(),
                response.getOutputsList().stream().map(GrpcInferenceClient::tensor).toList());
    }

    @Override
    public List<Tensor> infer(String model, List<Tensor> inputs) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(model);
        for (Tensor input : inputs) {
            request.addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName(input.name())
                    .setDatatype(input.datatype().name()).addAllShape(Arrays.stream(input.shape()).boxed().toList()));
            request.addRawInputContents(ByteString.copyFrom(BinaryTensors.encode(input)));
        }
        ModelInferResponse response = call(() -> stub().modelInfer(request.build()));
        List<Tensor> outputs = new ArrayList<>(response.getOutputsCount());
        for (int i = 0; i < response.getOutputsCount(); i++) {
            ModelInferResponse.InferOutputTensor output = response.getOutputs(i);
            String where = "output '" + output.getName() + "' of model '" + model + "'";
            DataType datatype = DataType.ofName(output.getDatatype()).orElseThrow(() -> new InferenceClientException(
                    "UNKNOWN_DATATYPE", where + " has datatype '" + output.getDatatype() + "'"));
            long[] shape = output.getShapeList().stream().mapToLong(Long::longValue).toArray();
            outputs.add(BinaryTensors.decode(where, output.getName(), datatype, shape,
                    response.getRawOutputContents(i).asReadOnlyByteBuffer()));
        }
        return outputs;
    }

    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw new InferenceClientException(e.getStatus().getCode().name(), e.getStatus().getDescription());
        }
    }

    private static ModelDescription.TensorDescription tensor(ModelMetadataResponse.TensorMetadata t) {
        return new ModelDescription.TensorDescription(t.getName(), t.getDatatype(),
                t.getShapeList().stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
