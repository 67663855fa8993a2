package io.modelgate.access;

import jakarta.inject.Singleton;

/**
 * {@code modelgate-admin}: repository load/unload/index, runs start/cancel, library create/replace/delete.
 * A singleton, not application-scoped: its superclass has no no-args constructor for a client proxy.
 */
@Singleton
public class AdminPolicy extends RolePolicy {

    public AdminPolicy(KeyRing keyRing) {
        super(Role.ADMIN, keyRing);
    }
}
