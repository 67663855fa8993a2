package io.modelgate.systems;

import java.util.List;
import java.util.Optional;

/**
 * Whatever answers at {@code /v2/models/{name}}: the versions of an ONNX model with their own tensors, or a
 * task system over the generic {@code instances} tensor. A front end (V2 REST, later gRPC) resolves a name
 * to one of these once per request through {@link Servables} and never asks which kind it has.
 */
public interface Servable {

    String name();

    /**
     * What the given version (empty: the one that answers now) takes and gives, and whether it is ready.
     *
     * @throws io.modelgate.errors.NotFoundException when there is no such version
     */
    ServableMetadata metadata(Optional<String> version);

    /**
     * Runs one inference request on the given version (empty: the one that answers now).
     *
     * @throws io.modelgate.errors.ApiException when the request does not fit, or the version cannot answer now
     */
    InferenceOutputs infer(Optional<String> version, InferenceInputs request);

    /**
     * Whether a request for the given version may be answered on the I/O thread that received it: it will wait for
     * nothing (no LLM, no batch, no free slot) and its work is short. Front ends then skip the hand-off to a worker
     * thread; by default every request is handed off.
     */
    default boolean answersInline(Optional<String> version) {
        return false;
    }

    /** The rows this servable adds to the repository index: one per version. */
    List<ServableStatus> index();
}
