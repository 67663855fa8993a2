package io.modelgate.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The policy of one role, named by the path permissions of application.properties
 * ({@code quarkus.http.auth.permission.*.policy}); a denial leaves its reason in the request for
 * {@link AccessDenials}.
 */
abstract class RolePolicy implements HttpSecurityPolicy {

    private final Role role;
    private final KeyRing keyRing;

    RolePolicy(Role role, KeyRing keyRing) {
        this.role = role;
        this.keyRing = keyRing;
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
                                            AuthorizationRequestContext requestContext) {
        return identity.map(who -> {
            SocketAddress peer = request.request().remoteAddress();
            AccessRules.Decision decision = keyRing.rules().decide(role, who.getRoles(), who.isAnonymous(),
                    peer == null ? null : peer.hostAddress());
            if (decision == AccessRules.Decision.PERMIT) {
                return CheckResult.PERMIT;
            }
            request.put(AccessDenials.DECISION, decision);
            request.put(AccessDenials.ROLE, role);
            return CheckResult.DENY;
        });
    }

    @Override
    public String name() {
        return "modelgate-" + role.id();
    }
}
