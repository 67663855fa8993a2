package io.modelgate.systems;

import io.modelgate.serving.VersionState;

/** One row of the repository index: a servable's version and its state ({@code reason} when it is not ready). */
public record ServableStatus(String name, String version, VersionState state, String reason) {
}
