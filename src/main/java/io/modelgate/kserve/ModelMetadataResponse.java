package io.modelgate.kserve;

import java.util.List;
import java.util.Map;

/**
 * The KServe V2 model metadata body. {@code parameters} adds what the spec leaves open: the version's
 * state and, when it is not ready, why; the execution provider; the task, description and labels.
 */
public record ModelMetadataResponse(String name, List<String> versions, String platform,
                                    List<MetadataTensor> inputs, List<MetadataTensor> outputs,
                                    Map<String, Object> parameters) {

    public record MetadataTensor(String name, String datatype, long[] shape) {
    }
}
