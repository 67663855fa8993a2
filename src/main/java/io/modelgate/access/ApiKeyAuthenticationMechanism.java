package io.modelgate.access;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the API key of a request from {@code Authorization: Bearer <key>} (what OpenAI clients send) or
 * {@code X-API-Key: <key>}. Without a keys file a key sent is ignored, so that OpenAI clients, which always send
 * one, keep working against an unconfigured server. Its challenge is the 401 (or, with no keys configured, the
 * 403 loopback-only) answer of {@link AccessDenials}.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    static final String CHALLENGE = "Bearer realm=\"modelgate\"";

    private final KeyRing keyRing;
    private final AccessDenials denials;

    public ApiKeyAuthenticationMechanism(KeyRing keyRing, AccessDenials denials) {
        this.keyRing = keyRing;
        this.denials = denials;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        Optional<String> key = keyOf(context);
        if (key.isEmpty() || !keyRing.configured()) {
            return Uni.createFrom().nullItem();
        }
        context.put(AccessDenials.KEY_SENT, true);
        return identities.authenticate(new TokenAuthenticationRequest(new TokenCredential(key.get(), "api-key")));
    }

    static Optional<String> keyOf(RoutingContext context) {
        return keyOf(context.request().getHeader(API_KEY_HEADER), context.request().getHeader(HttpHeaders.AUTHORIZATION));
    }

    /** The key of an {@code X-API-Key} header, else of an {@code Authorization: Bearer} one (gRPC metadata too). */
    static Optional<String> keyOf(String apiKeyHeader, String authorization) {
        if (apiKeyHeader != null && !apiKeyHeader.isBlank()) {
            return Optional.of(apiKeyHeader.strip());
        }
        if (authorization != null && authorization.length() > BEARER.length()
                && authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.of(authorization.substring(BEARER.length()).strip());
        }
        return Optional.empty();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, WWW_AUTHENTICATE, CHALLENGE));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        denials.challenge(context);
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }
}
