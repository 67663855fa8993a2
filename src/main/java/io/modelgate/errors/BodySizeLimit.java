package io.modelgate.errors;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared Content-Length is over {@code quarkus.http.limits.max-body-size}
 * with 413 and a JSON error, before its body is read; a chunked body without a length that grows over the limit
 * is cut off by Vert.x's body handler, whose bare 413 is answered here with the same JSON error.
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long maxBytes;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                refuse(context, "the request body has " + length + " bytes, over the limit of " + maxBytes
                        + " (quarkus.http.limits.max-body-size)");
            } else {
                context.next();
            }
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() == 413 && context.failure() == null && !context.response().ended()) {
                refuse(context, "the chunked request body grew over the limit of " + maxBytes
                        + " bytes (quarkus.http.limits.max-body-size)");
            } else {
                context.next();
            }
        });
    }

    private static void refuse(RoutingContext context, String message) {
        context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(new JsonObject().put("error", message).encode());
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
