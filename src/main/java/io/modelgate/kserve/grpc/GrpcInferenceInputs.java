package io.modelgate.kserve.grpc;

import com.google.protobuf.ByteString;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.kserve.BinaryTensors;
import io.modelgate.kserve.TensorCodec;
import io.modelgate.kserve.grpc.proto.ModelInferRequest;
import io.modelgate.serving.DataType;
import io.modelgate.serving.Tensor;
import io.modelgate.systems.InferenceInputs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A gRPC {@code ModelInferRequest}, decoded into tensors when the servable asks: the inputs' typed
 * {@code contents}, or {@code raw_input_contents} (one entry per input, in order), which the protocol has a
 * request use for all its inputs or for none.
 */
final class GrpcInferenceInputs implements InferenceInputs {

    static final String PROTOCOL = "grpc";

    private final String model;
    private final ModelInferRequest request;

    GrpcInferenceInputs(String model, ModelInferRequest request) {
        this.model = model;
        this.request = request;
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    /** Whether the request sends its inputs as raw_input_contents. */
    static boolean raw(ModelInferRequest request) {
        return request.getRawInputContentsCount() > 0;
    }

    @Override
    public List<Tensor> inputs() {
        if (request.getInputsCount() == 0) {
            throw new InvalidInputException("the request for model '" + model + "' has no 'inputs'; expected a list"
                    + " of {name, datatype, shape, contents}");
        }
        boolean raw = raw(request);
        if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw new InvalidInputException("the request for model '" + model + "' has "
                    + request.getRawInputContentsCount() + " raw_input_contents for " + request.getInputsCount()
                    + " inputs; send one per input, in the order of the inputs");
        }
        List<Tensor> inputs = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(i);
            if (input.getName().isBlank()) {
                throw new InvalidInputException("inputs[" + i + "] for model '" + model + "' has no 'name'");
            }
            String where = "input '" + input.getName() + "' for model '" + model + "'";
            DataType datatype = TensorCodec.datatype(where, input.getDatatype().isEmpty() ? null : input.getDatatype());
            long[] shape = TensorCodec.shape(where, input.getShapeList());
            inputs.add(raw ? fromRaw(where, input, datatype, shape, request.getRawInputContents(i))
                    : fromContents(where, input, datatype, shape));
        }
        return inputs;
    }

    private static Tensor fromRaw(String where, ModelInferRequest.InferInputTensor input, DataType datatype, long[] shape,
                                  ByteString bytes) {
        if (input.hasContents()) {
            throw new InvalidInputException(where + " has 'contents', but the request sends raw_input_contents;"
                    + " the protocol has a request send all its inputs one way");
        }
        long expected = Tensor.elementCount(shape) * datatype.elementBytes();
        if (datatype != DataType.BYTES && bytes.size() != expected) {
            throw new InvalidInputException("unexpected size of the raw_input_contents of " + where + ": shape "
                    + Arrays.toString(shape).replace(" ", "") + " of " + datatype + " needs " + expected
                    + " bytes, it has " + bytes.size());
        }
        return BinaryTensors.decode(where, input.getName(), datatype, shape, bytes.asReadOnlyByteBuffer());
    }

    private static Tensor fromContents(String where, ModelInferRequest.InferInputTensor input, DataType datatype,
                                       long[] shape) {
        if (!input.hasContents() && Tensor.elementCount(shape) > 0 && GrpcContents.carries(datatype)) {
            throw new InvalidInputException(where + " has no 'contents'; expected " + datatype + " elements in "
                    + GrpcContents.field(datatype) + " (or raw_input_contents for every input)");
        }
        return GrpcContents.decode(where, input.getName(), datatype, shape, input.getContents());
    }

    @Override
    public List<String> outputs() {
        List<String> names = new ArrayList<>(request.getOutputsCount());
        for (int i = 0; i < request.getOutputsCount(); i++) {
            String name = request.getOutputs(i).getName();
            if (name.isBlank()) {
                throw new InvalidInputException("outputs[" + i + "] for model '" + model + "' has no 'name'");
            }
            names.add(name);
        }
        return names;
    }
}
