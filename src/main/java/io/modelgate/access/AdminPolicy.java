package io.modelgate.access;

import jakarta.enterprise.context.ApplicationScoped;

/** {@code modelgate-admin}: repository load/unload/index, runs start/cancel, library create/replace/delete. */
@ApplicationScoped
public class AdminPolicy extends RolePolicy {

    public AdminPolicy(KeyRing keyRing) {
        super(Role.ADMIN, keyRing);
    }
}
