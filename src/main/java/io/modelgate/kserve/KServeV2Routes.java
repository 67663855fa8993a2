package io.modelgate.kserve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.errors.ApiException;
import io.modelgate.errors.ErrorMappers;
import io.modelgate.errors.FailureLog;
import io.modelgate.systems.InferenceOutputs;
import io.modelgate.systems.Servable;
import io.modelgate.systems.Servables;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * The V2 requests whose cost is the server's own, as plain Vert.x routes rather than a REST resource, so they skip
 * the JAX-RS pipeline (content negotiation, message body readers and writers, response filters):
 * {@code POST /v2/models/{model}[/versions/{version}]/infer}, its answer written with Jackson's generator, and
 * {@code GET /v2/health/live}, the floor every other request is measured against.
 */
@ApplicationScoped
public class KServeV2Routes {

    static final String PROTOCOL = "v2";
    private static final String JSON = "application/json";
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final Buffer LIVE = Buffer.buffer("{\"live\":true}");
    private static final Logger LOG = Logger.getLogger(KServeV2Routes.class);

    private final Servables servables;
    private final ObjectMapper json;
    private final StreamingRequestDecoder streaming;
    private final long maxBodyBytes;
    private final FailureLog failures;

    public KServeV2Routes(Servables servables, ObjectMapper json,
                          @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                          FailureLog failures) {
        this.servables = servables;
        this.failures = failures;
        this.json = json;
        this.streaming = new StreamingRequestDecoder(json);
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.get("/v2/health/live").handler(context -> context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(LIVE.copy()));
        for (String path : new String[]{"/v2/models/:model/infer", "/v2/models/:model/versions/:version/infer"}) {
            router.post(path).handler(BodyHandler.create().setBodyLimit(maxBodyBytes));
            router.post(path).handler(this::dispatch);
        }
    }

    /**
     * Answers on this I/O thread when the servable says its request waits for nothing and is short (a small ONNX
     * model), else on a worker thread: the hand-off there and back costs more than such a model's whole run.
     */
    private void dispatch(RoutingContext context) {
        boolean inline;
        try {
            inline = servables.get(context.pathParam("model")).answersInline(Optional.ofNullable(context.pathParam("version")));
        } catch (ApiException e) {
            inline = false;
        }
        if (inline) {
            handle(context);
        } else {
            context.vertx().executeBlocking(() -> {
                handle(context);
                return null;
            }, false);
        }
    }

    private void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        String model = context.pathParam("model");
        Optional<String> version = Optional.ofNullable(context.pathParam("version"));
        try {
            if (!acceptedType(context.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
                error(response, 415, "unsupported Content-Type '" + context.request().getHeader(HttpHeaders.CONTENT_TYPE)
                        + "'; send application/json, or application/octet-stream with binary tensor data");
                return;
            }
            Servable servable = servables.get(model);
            Buffer buffer = context.body().buffer();
            byte[] bytes = buffer == null ? new byte[0] : buffer.getBytes();
            InferenceBody body = InferenceBody.read(model, bytes, context.request().getHeader(InferenceBody.HEADER_LENGTH),
                    json, streaming);
            InferenceOutputs answer = servable.infer(version, new JsonInferenceInputs(servable.name(), body, PROTOCOL));
            InferenceResponseWriter written = InferenceResponseWriter.write(json.getFactory(), answer, body.request());
            if (written.hasBinary()) {
                response.putHeader(HttpHeaders.CONTENT_TYPE, OCTET_STREAM)
                        .putHeader(InferenceBody.HEADER_LENGTH, Integer.toString(written.headerLength()));
            } else {
                response.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
            }
            response.end(Buffer.buffer(written.body()));
        } catch (ApiException e) {
            failures.answered(e);
            error(response, e.status(), e.getMessage());
        } catch (JsonProcessingException e) {
            error(response, 400, ErrorMappers.describe(e));
        } catch (IOException | RuntimeException e) {
            LOG.error("unexpected failure", e);
            error(response, 500, "internal error (" + e.getClass().getSimpleName() + "); see the server log");
        }
    }

    /** JSON, or JSON followed by binary data as clients of the extension send it; no type at all is read as JSON. */
    private static boolean acceptedType(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals(JSON) || type.equals(OCTET_STREAM);
    }

    private static void error(HttpServerResponse response, int status, String message) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", message).encode());
    }
}
