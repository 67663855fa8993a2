package io.modelgate.systems;

import io.modelgate.serving.Tensor;

import java.util.List;

/** The answer to one inference request: the version that answered and its output tensors. */
public record InferenceOutputs(String name, String version, List<Tensor> outputs) {

    public InferenceOutputs {
        outputs = List.copyOf(outputs);
    }
}
