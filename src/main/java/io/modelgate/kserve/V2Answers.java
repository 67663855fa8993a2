package io.modelgate.kserve;

import io.modelgate.errors.NotReadyException;
import io.modelgate.systems.ServableMetadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The V2 answers that do not depend on the transport: server extensions, model metadata and model readiness.
 * REST and gRPC both answer through these, so the two front ends cannot drift apart.
 */
public final class V2Answers {

    /** The V2 extensions modelgate implements, as {@code GET /v2} and gRPC ServerMetadata list them. */
    public static final List<String> EXTENSIONS = List.of("model_repository", "binary_tensor_data");

    private V2Answers() {
    }

    /** The model metadata body; {@code parameters} adds the version, its state and why it is not ready. */
    public static ModelMetadataResponse metadata(ServableMetadata metadata) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("version", metadata.version());
        parameters.put("state", metadata.state().name());
        if (metadata.reason() != null) {
            parameters.put("reason", metadata.reason());
        }
        parameters.putAll(metadata.parameters());
        return new ModelMetadataResponse(metadata.name(), metadata.versions(), metadata.platform(),
                tensors(metadata.inputs()), tensors(metadata.outputs()), parameters);
    }

    /**
     * The readiness body of a ready version.
     *
     * @throws NotReadyException when the version is not ready, saying its state and why
     */
    public static Map<String, Object> readiness(ServableMetadata metadata) {
        if (!metadata.ready()) {
            throw new NotReadyException("model '" + metadata.name() + "'" + (metadata.version() == null
                    || metadata.version().isEmpty() ? "" : " version " + metadata.version()) + " is not ready ("
                    + metadata.state() + (metadata.reason() == null ? "" : ": " + metadata.reason()) + ")");
        }
        return Map.of("name", metadata.name(), "version", metadata.version(), "ready", true);
    }

    private static List<ModelMetadataResponse.MetadataTensor> tensors(List<ServableMetadata.TensorDescription> tensors) {
        return tensors.stream()
                .map(t -> new ModelMetadataResponse.MetadataTensor(t.name(), t.datatype().name(), t.shape())).toList();
    }
}
