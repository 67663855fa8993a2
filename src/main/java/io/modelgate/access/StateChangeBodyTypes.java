package io.modelgate.access;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses with 415 a state-changing request (and a chat completion, which spends the operator's LLM key) whose
 * body is not JSON, or for a library upload MGF/MSP: a web page on another site can make a browser send
 * {@code text/plain}, form and type-less bodies without asking, but never {@code application/json}. A request
 * without a body passes, unless its {@code Origin} is another site's (403): browsers name it on every cross-site
 * POST.
 */
@ApplicationScoped
public class StateChangeBodyTypes {

    static final String JSON = "application/json";
    /** What {@code POST /api/libraries/{name}} takes: JSON or an MGF/MSP file (LibrariesResource's @Consumes). */
    static final Set<String> LIBRARY_UPLOAD = Set.of(JSON, "application/x-mgf", "application/x-msp");

    /** Runs after the authorization check (Quarkus' security filters have the orders -200 and -100). */
    private static final int ORDER = -50;

    private record Guarded(HttpMethod method, String path, Set<String> types) {
    }

    private static final List<Guarded> GUARDED = List.of(
            new Guarded(HttpMethod.POST, "/v2/repository/.*", Set.of(JSON)),
            new Guarded(HttpMethod.POST, "/api/runs/?", Set.of(JSON)),
            new Guarded(HttpMethod.DELETE, "/api/runs/[^/]+/?", Set.of(JSON)),
            new Guarded(HttpMethod.POST, "/api/libraries/[^/]+/?", LIBRARY_UPLOAD),
            new Guarded(HttpMethod.DELETE, "/api/libraries/[^/]+/?", Set.of(JSON)),
            new Guarded(HttpMethod.POST, "/v1/chat/completions/?", Set.of(JSON)));

    private final AccessDenials denials;

    public StateChangeBodyTypes(AccessDenials denials) {
        this.denials = denials;
    }

    void install(@Observes Router router) {
        for (Guarded guarded : GUARDED) {
            router.routeWithRegex(guarded.method(), guarded.path()).order(ORDER)
                    .handler(context -> check(context, guarded.types()));
        }
    }

    private void check(RoutingContext context, Set<String> types) {
        HttpServerRequest request = context.request();
        String type = mediaType(request.getHeader(HttpHeaders.CONTENT_TYPE));
        // Without a body the type is not looked at: clients send one for an empty POST (RestAssured a form type).
        if (hasBody(request) && (type == null || !types.contains(type))) {
            denials.write(context, 415, "unsupported_media_type", request.method() + " " + request.path() + " takes "
                    + String.join(" or ", types.stream().sorted().toList()) + " (or no body), not "
                    + (type == null ? "a body without Content-Type" : "Content-Type '" + type + "'"));
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(origin, request.getHeader(HttpHeaders.HOST))) {
            // A bodiless cross-site POST (load, unload) has no body type to refuse; its Origin gives it away.
            denials.write(context, 403, "permission_denied", request.method() + " " + request.path()
                    + " is not answered to a page of another site (Origin " + origin + ")");
            return;
        }
        context.next();
    }

    /** The media type of a Content-Type header without its parameters, lower case; null when there is none. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }

    /** Whether an Origin header names the host the request was sent to ({@code http://host:port} against Host). */
    static boolean sameOrigin(String origin, String host) {
        int scheme = origin.indexOf("://");
        return host != null && scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host.strip());
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || length != null && !length.strip().equals("0");
    }
}
