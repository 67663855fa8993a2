package io.modelgate.client;

import java.util.List;

/** A model's metadata as the server gives it; -1 in a shape is a dimension of any size. */
public record ModelDescription(String name, List<String> versions, String platform, List<TensorDescription> inputs,
                               List<TensorDescription> outputs) {

    public ModelDescription {
        versions = List.copyOf(versions);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public record TensorDescription(String name, String datatype, long[] shape) {
    }
}
