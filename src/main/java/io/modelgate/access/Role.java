package io.modelgate.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What a key may do. {@code admin} implies {@code infer}. */
public enum Role {
    /** V2 infer (REST and gRPC), task predict, chat completions, spectra, library search. */
    INFER,
    /** Repository load, unload and index; runs start and cancel; library create, replace and delete. */
    ADMIN;

    /** The name in the keys file and in the security identity: {@code infer}, {@code admin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The roles a key listed with this role holds. */
    Set<Role> granted() {
        return this == ADMIN ? Set.of(ADMIN, INFER) : Set.of(INFER);
    }

    static Optional<Role> of(String id) {
        return Arrays.stream(values()).filter(role -> role.id().equals(id)).findFirst();
    }
}
