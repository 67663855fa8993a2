package io.modelgate.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The answers to requests that are refused before they reach a resource: 401 (no key, or one the keys file does
 * not list; with {@code WWW-Authenticate}), 403 (a key without the role, or no keys configured and a request from
 * another machine) and 415 (a body type that a state-changing request does not take). {@code {"error": "…"}}, or
 * OpenAI's {@code {"error": {"message", "type", "param", "code"}}} on {@code /v1}, what OpenAI clients read.
 */
@ApplicationScoped
public class AccessDenials {

    static final String DECISION = AccessDenials.class.getName() + ".decision";
    static final String ROLE = AccessDenials.class.getName() + ".role";
    static final String KEY_SENT = AccessDenials.class.getName() + ".key-sent";
    private static final String SEND_KEY = "send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'";

    /**
     * Quarkus answers a denied key with a bare 403 otherwise, and, since authentication is not proactive, a
     * refused or missing key with a bare 401; this handler runs before its own.
     */
    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            Throwable failure = context.failure();
            if (context.response().ended()) {
                context.next();
            } else if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException) {
                challenge(context);
            } else if (failure instanceof ForbiddenException) {
                Role role = context.get(ROLE);
                write(context, 403, "permission_denied", "the API key has no '" + (role == null ? "?" : role.id())
                        + "' role, which " + context.request().method() + " " + context.request().path() + " needs");
            } else {
                context.next();
            }
        });
    }

    /** The answer to a request without an accepted key that the policies refused. */
    void challenge(RoutingContext context) {
        if (context.response().ended()) {
            return;
        }
        Role role = context.get(ROLE);
        if (context.get(DECISION) == AccessRules.Decision.LOOPBACK_ONLY) {
            write(context, 403, "permission_denied", context.request().method() + " " + context.request().path()
                    + " is answered only from the loopback address while no API keys are configured"
                    + " (modelgate.auth.keys-file)");
            return;
        }
        context.response().putHeader(ApiKeyAuthenticationMechanism.WWW_AUTHENTICATE, ApiKeyAuthenticationMechanism.CHALLENGE);
        if (Boolean.TRUE.equals(context.get(KEY_SENT))) {
            write(context, 401, "invalid_api_key", "the API key sent is not one of the configured keys");
        } else {
            write(context, 401, "invalid_api_key", context.request().method() + " " + context.request().path()
                    + " needs an API key with the '" + (role == null ? Role.INFER : role).id() + "' role: " + SEND_KEY);
        }
    }

    /** Writes a refusal; {@code code} is the OpenAI error code used on {@code /v1}. */
    void write(RoutingContext context, int status, String code, String message) {
        JsonObject body = context.request().path().startsWith("/v1/")
                ? new JsonObject().put("error", new JsonObject().put("message", message)
                .put("type", "invalid_request_error").putNull("param").put("code", code))
                : new JsonObject().put("error", message);
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body.encode());
    }
}
