package io.modelgate.kserve;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.serving.Tensor;
import io.modelgate.systems.InferenceInputs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A V2 request body (JSON, and binary tensor data where inputs declare it), decoded into tensors when the servable asks. */
final class JsonInferenceInputs implements InferenceInputs {

    private final String model;
    private final InferenceRequest request;
    private final Map<Integer, ByteBuffer> binaryInputs;
    private final List<Tensor> decodedInputs;
    private final String protocol;

    JsonInferenceInputs(String model, InferenceBody body, String protocol) {
        this.model = model;
        this.request = body.request();
        this.binaryInputs = body.binaryInputs();
        this.decodedInputs = body.decodedInputs();
        this.protocol = protocol;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public List<Tensor> inputs() {
        if (decodedInputs != null) {
            return decodedInputs;
        }
        if (request == null || request.inputs() == null || request.inputs().isEmpty()) {
            throw new InvalidInputException("the request for model '" + model + "' has no 'inputs'; expected "
                    + "a list of {name, shape, datatype, data}");
        }
        List<Tensor> inputs = new ArrayList<>(request.inputs().size());
        for (int i = 0; i < request.inputs().size(); i++) {
            inputs.add(TensorCodec.decode(model, i, request.inputs().get(i), binaryInputs.get(i)));
        }
        return inputs;
    }

    @Override
    public List<String> outputs() {
        List<String> names = new ArrayList<>();
        if (request != null && request.outputs() != null) {
            for (int i = 0; i < request.outputs().size(); i++) {
                InferenceRequest.RequestOutput output = request.outputs().get(i);
                if (output == null || output.name() == null) {
                    throw new InvalidInputException("outputs[" + i + "] for model '" + model + "' has no 'name'");
                }
                names.add(output.name());
            }
        }
        return names;
    }
}
