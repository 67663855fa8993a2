package io.modelgate.access;

import jakarta.inject.Singleton;

/**
 * {@code modelgate-infer}: V2 infer (REST and gRPC), task predict, chat completions, spectra, library search.
 * A singleton, not application-scoped: its superclass has no no-args constructor for a client proxy.
 */
@Singleton
public class InferencePolicy extends RolePolicy {

    public InferencePolicy(KeyRing keyRing) {
        super(Role.INFER, keyRing);
    }
}
