package io.modelgate.systems;

import io.modelgate.serving.DataType;
import io.modelgate.serving.VersionState;

import java.util.List;
import java.util.Map;

/**
 * What a servable version takes and gives, and where it stands.
 *
 * @param version    the version described; empty for a model whose folder could not be read at all
 * @param versions   every version, newest first
 * @param reason     why the version is not ready, when it is not
 * @param parameters what the V2 spec leaves open, in the order shown (execution provider, task, labels …)
 */
public record ServableMetadata(String name, String version, List<String> versions, String platform,
                               List<TensorDescription> inputs, List<TensorDescription> outputs, VersionState state,
                               String reason, Map<String, Object> parameters) {

    public ServableMetadata {
        versions = List.copyOf(versions);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public boolean ready() {
        return state == VersionState.READY;
    }

    /** One input or output; -1 in {@code shape} is a dimension of any size. */
    public record TensorDescription(String name, DataType datatype, long[] shape) {
    }
}
