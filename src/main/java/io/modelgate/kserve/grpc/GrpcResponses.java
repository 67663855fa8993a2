package io.modelgate.kserve.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.modelgate.kserve.BinaryTensors;
import io.modelgate.kserve.grpc.proto.InferParameter;
import io.modelgate.kserve.grpc.proto.ModelInferRequest;
import io.modelgate.kserve.grpc.proto.ModelInferResponse;
import io.modelgate.kserve.grpc.proto.ModelMetadataResponse;
import io.modelgate.serving.Tensor;
import io.modelgate.systems.InferenceOutputs;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Builds the gRPC responses from the answers REST gives, so both say the same. */
final class GrpcResponses {

    static final String BINARY_DATA_OUTPUT = "binary_data_output";

    private GrpcResponses() {
    }

    /**
     * Whether the outputs go back as raw_output_contents: when the request sent raw inputs, when it asked with
     * {@code binary_data_output: true} (as tritonclient does), or when an output is FP16, which has no contents
     * field; the protocol has a response send all its outputs one way.
     */
    static boolean rawOutputs(ModelInferRequest request, List<Tensor> outputs) {
        InferParameter asked = request.getParametersMap().get(BINARY_DATA_OUTPUT);
        return GrpcInferenceInputs.raw(request) || asked != null && asked.getBoolParam()
                || outputs.stream().anyMatch(t -> !GrpcContents.carries(t.datatype()));
    }

    static ModelInferResponse infer(ModelInferRequest request, InferenceOutputs answer) {
        boolean raw = rawOutputs(request, answer.outputs());
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(answer.name())
                .setModelVersion(Objects.toString(answer.version(), "")).setId(request.getId());
        for (Tensor tensor : answer.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder output = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(tensor.name()).setDatatype(tensor.datatype().name())
                    .addAllShape(Arrays.stream(tensor.shape()).boxed().toList());
            if (raw) {
                response.addRawOutputContents(ByteString.copyFrom(BinaryTensors.encode(tensor)));
            } else {
                output.setContents(GrpcContents.encode(tensor));
            }
            response.addOutputs(output);
        }
        return response.build();
    }

    static ModelMetadataResponse metadata(io.modelgate.kserve.ModelMetadataResponse metadata, ObjectMapper json) {
        ModelMetadataResponse.Builder response = ModelMetadataResponse.newBuilder().setName(metadata.name())
                .addAllVersions(metadata.versions()).setPlatform(Objects.toString(metadata.platform(), ""));
        metadata.inputs().forEach(t -> response.addInputs(tensor(t)));
        metadata.outputs().forEach(t -> response.addOutputs(tensor(t)));
        metadata.parameters().forEach((key, value) -> {
            if (value != null) {
                response.putParameters(key, parameter(value, json));
            }
        });
        return response.build();
    }

    private static ModelMetadataResponse.TensorMetadata tensor(io.modelgate.kserve.ModelMetadataResponse.MetadataTensor t) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(t.name()).setDatatype(t.datatype())
                .addAllShape(Arrays.stream(t.shape()).boxed().toList()).build();
    }

    /** A metadata value as a parameter: booleans, whole numbers, numbers and text as themselves, the rest as JSON. */
    static InferParameter parameter(Object value, ObjectMapper json) {
        InferParameter.Builder parameter = InferParameter.newBuilder();
        if (value instanceof Boolean b) {
            return parameter.setBoolParam(b).build();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return parameter.setInt64Param(((Number) value).longValue()).build();
        }
        if (value instanceof Number n) {
            return parameter.setDoubleParam(n.doubleValue()).build();
        }
        if (value instanceof CharSequence || value instanceof Enum<?>) {
            return parameter.setStringParam(value.toString()).build();
        }
        try {
            return parameter.setStringParam(json.writeValueAsString(value)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata parameter " + value + " cannot be written as JSON", e);
        }
    }
}
