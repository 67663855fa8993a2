package io.modelgate.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns an API key into an identity with the key's roles. The identity is named after the key's line in the keys
 * file ({@code api-key-line-3}), never after the key.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final KeyRing keyRing;

    public ApiKeyIdentityProvider(KeyRing keyRing) {
        this.keyRing = keyRing;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return keyRing.find(request.getToken().getToken())
                .map(entry -> {
                    QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal("api-key-line-" + entry.line()));
                    entry.roles().forEach(role -> identity.addRole(role.id()));
                    return Uni.createFrom().<SecurityIdentity>item(identity.build());
                })
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown API key")));
    }
}
