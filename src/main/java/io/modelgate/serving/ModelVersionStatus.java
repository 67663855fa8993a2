package io.modelgate.serving;

import java.util.Optional;

/**
 * One row of the repository index: a model version and its state; {@code version} is empty for a
 * model whose folder could not be read at all, and {@code reason} says why a version is not ready.
 */
public record ModelVersionStatus(String name, String version, VersionState state, String reason,
                                 Optional<ModelMetadata> metadata) {

    public boolean ready() {
        return state == VersionState.READY;
    }
}
