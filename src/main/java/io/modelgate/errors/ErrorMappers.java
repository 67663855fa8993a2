package io.modelgate.errors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/** Turns every failure into {@code {"error": "…"}} with its status; the server itself stays healthy. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final FailureLog failures;

    public ErrorMappers(FailureLog failures) {
        this.failures = failures;
    }

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        failures.answered(e);
        return error(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response unparsableJson(JsonParseException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return error(400, describe(e));
    }

    /** What is wrong with a JSON body, in words for the client: the field, what was expected, and where. */
    public static String describe(JsonProcessingException e) {
        String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? "field '" + path(mapping) + "': "
                : "";
        String reason = trailingContent(e) ? "content after the end of the JSON document; expected one JSON value"
                : e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                ? "expected " + describe(mismatch.getTargetType())
                : parserWords(e.getOriginalMessage());
        String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
        return "invalid JSON body: " + where + reason + at;
    }

    @ServerExceptionMapper
    public Response webApplicationException(WebApplicationException e) {
        // Quarkus wraps a body that fails to parse; the parser's words say what is wrong with it.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return malformedJson(json);
            }
        }
        int status = e.getResponse().getStatus();
        String message = switch (status) {
            case 404 -> "no such resource; see /q/openapi for the API";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce the media type named in Accept; this API answers application/json";
            case 415 -> "unsupported Content-Type; send application/json";
            default -> e.getMessage();
        };
        return error(status, message);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (malformedMultipart(e)) {
            LOG.debugf("malformed multipart body: %s", e.getMessage());
            return error(400, "malformed multipart/form-data body (" + e.getMessage()
                    + "); expected parts separated by the boundary of the Content-Type, ending with the closing boundary");
        }
        LOG.error("unexpected failure", e);
        return error(500, "internal error (" + e.getClass().getSimpleName() + "); see the server log");
    }

    /**
     * RESTEasy Reactive's multipart parser reports a body cut short or without its closing boundary as a plain
     * IOException ("Connection terminated parsing multipart request") or its MalformedMessageException: the
     * client's mistake, told apart from a server's own I/O failure by where it was thrown.
     */
    private static boolean malformedMultipart(Exception e) {
        StackTraceElement[] frames = e.getStackTrace();
        return (e instanceof java.io.IOException || e.getClass().getName().endsWith("MultipartParser$MalformedMessageException"))
                && frames.length > 0 && frames[0].getClassName().startsWith(MULTIPART_PARSER_PACKAGE);
    }

    private static final String MULTIPART_PARSER_PACKAGE = "org.jboss.resteasy.reactive.server.core.multipart.";

    /** Jackson's words for DeserializationFeature.FAIL_ON_TRAILING_TOKENS, which has no exception type of its own. */
    private static boolean trailingContent(JsonProcessingException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token");
    }

    /** The parser's first sentence, without the source locations it appends (the location is added separately). */
    private static String parserWords(String message) {
        String first = message.lines().findFirst().orElse("malformed JSON");
        int cut = first.length();
        for (String marker : new String[]{" (start marker at", " (for ", " at [Source:", "[Source:"}) {
            int at = first.indexOf(marker);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return first.substring(0, cut).trim();
    }

    private static String describe(Class<?> type) {
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "an object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorResponse(message)).build();
    }
}
