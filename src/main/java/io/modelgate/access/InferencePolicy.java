package io.modelgate.access;

import jakarta.enterprise.context.ApplicationScoped;

/** {@code modelgate-infer}: V2 infer (REST and gRPC), task predict, chat completions, spectra, library search. */
@ApplicationScoped
public class InferencePolicy extends RolePolicy {

    public InferencePolicy(KeyRing keyRing) {
        super(Role.INFER, keyRing);
    }
}
