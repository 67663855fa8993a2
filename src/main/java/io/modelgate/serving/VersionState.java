package io.modelgate.serving;

/** Where a model version stands, in Triton's words. */
public enum VersionState {
    LOADING, READY, UNAVAILABLE
}
