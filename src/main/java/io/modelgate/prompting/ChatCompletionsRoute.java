package io.modelgate.prompting;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionRequest;
import dev.langchain4j.model.openai.internal.chat.AssistantMessage;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionResponse;
import dev.langchain4j.model.openai.internal.chat.FunctionMessage;
import dev.langchain4j.model.openai.internal.chat.Message;
import dev.langchain4j.model.openai.internal.chat.SystemMessage;
import dev.langchain4j.model.openai.internal.chat.ToolMessage;
import dev.langchain4j.model.openai.internal.chat.UserMessage;
import io.modelgate.errors.ApiException;
import io.modelgate.prompting.llm.LlmAnswer;
import io.modelgate.prompting.llm.LlmGateway;
import io.quarkiverse.langchain4j.openai.common.OpenAiRestApi;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.quarkus.runtime.configuration.MemorySize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /v1/chat/completions}: the OpenAI chat API, routed by {@code model} to the configured LLM
 * of that name, through the same gateway (retries, limits, cache, metrics) as prompt systems, so any
 * OpenAI SDK can use modelgate as its gateway. Streams as server-sent events when asked to. Errors
 * are in OpenAI's own format, which its SDKs understand.
 */
@ApplicationScoped
public class ChatCompletionsRoute {

    public static final String PATH = "/v1/chat/completions";
    private static final ObjectMapper JSON = OpenAiRestApi.ObjectMapperHolder.MAPPER;
    private static final ObjectWriter ONE_LINE = JSON.writer().without(SerializationFeature.INDENT_OUTPUT);
    /** Strict where the shared OpenAI mapper is lenient: a key given twice or text after the document is refused. */
    private static final ObjectReader STRICT = JSON.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final LlmGateway llms;
    private final long maxBodyBytes;

    public ChatCompletionsRoute(LlmGateway llms,
                                @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.llms = llms;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.post(PATH).handler(BodyHandler.create().setBodyLimit(maxBodyBytes));
        router.post(PATH).blockingHandler(this::handle, false);
    }

    private void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        ChatCompletionRequest request;
        String model;
        try {
            String text = context.body().asString();
            if (text == null || text.isBlank()) {
                throw new BadRequest("the body is empty; expected a chat completion request {model, messages, …}", null);
            }
            JsonNode body = STRICT.readTree(text);
            rejectNonFinite(body, "");
            model = validate(body);
            request = toRequest((ObjectNode) body);
        } catch (JsonParseException e) {
            error(response, 400, "invalid_request_error", null, "the body is not valid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
            return;
        } catch (JsonMappingException e) {
            if (e.getOriginalMessage().startsWith("Trailing token")) {
                error(response, 400, "invalid_request_error", null,
                        "the body is not valid JSON: content after the end of the JSON document; expected one JSON object");
                return;
            }
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(java.util.stream.Collectors.joining(".")).replace(".[", "[");
            error(response, 400, "invalid_request_error", field.isEmpty() ? null : field, "field '" + field
                    + "' does not fit the chat completion request: " + e.getOriginalMessage().lines().findFirst().orElse(""));
            return;
        } catch (JsonProcessingException e) {
            error(response, 400, "invalid_request_error", null, "the body cannot be read: " + e.getOriginalMessage());
            return;
        } catch (BadRequest e) {
            error(response, 400, "invalid_request_error", e.param, e.getMessage());
            return;
        }
        if (!llms.names().contains(model)) {
            response.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(errorJson("invalid_request_error", "model", "model_not_found", "The model '" + model
                            + "' does not exist: modelgate routes by LLM name; " + llms.list().stream()
                            .filter(info -> info.name().equals(model)).map(info -> "LLM '" + model + "' is " + info.problem())
                            .findFirst().orElse("configured: " + llms.names())));
            return;
        }
        try {
            if (Boolean.TRUE.equals(request.stream())) {
                stream(response, model, request);
            } else {
                LlmAnswer answer = llms.chat(model, request);
                response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader("x-modelgate-llm", answer.llm())
                        .putHeader("x-modelgate-cache", answer.cacheHit() ? "hit" : "miss")
                        .putHeader("x-modelgate-retries", Integer.toString(answer.retries()))
                        .end(wire(answer.response(), "chat.completion"));
            }
        } catch (ApiException e) {
            if (!response.headWritten()) {
                error(response, e.status(), e.status() == 504 ? "timeout" : "api_error", null, llms.redact(e.getMessage()));
            }
        }
    }

    /**
     * Relays the LLM's chunks. As OpenAI does, usage comes only when {@code stream_options.include_usage} asks for
     * it, in one last chunk with no choices; servers that put it on their last content chunk are answered the same.
     */
    private void stream(HttpServerResponse response, String model, ChatCompletionRequest request) {
        AtomicBoolean started = new AtomicBoolean();
        boolean includeUsage = request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage());
        java.util.concurrent.atomic.AtomicReference<ChatCompletionResponse> usage = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            llms.stream(model, request, chunk -> {
                if (started.compareAndSet(false, true)) {
                    response.setChunked(true)
                            .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                            .putHeader("x-modelgate-llm", model);
                }
                if (chunk.usage() != null) {
                    usage.set(chunk);
                }
                if (chunk.choices() != null && !chunk.choices().isEmpty()) {
                    response.write("data: " + wire(copy(chunk, chunk.choices(), null),
                            "chat.completion.chunk") + "\n\n");
                }
            });
            if (includeUsage && started.get()) {
                ChatCompletionResponse last = usage.get();
                if (last != null) {
                    response.write("data: " + wire(copy(last, List.of(), last.usage()),
                            "chat.completion.chunk") + "\n\n");
                }
            }
        } catch (ApiException e) {
            if (!started.get()) {
                throw e;
            }
            // Chunks already went out: the status is sent, so the failure travels as an error event.
            response.write("data: " + errorJson(e.status() == 504 ? "timeout" : "api_error", null, null,
                    llms.redact(e.getMessage())) + "\n\n");
        }
        if (!started.get()) {
            response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream");
        }
        response.end("data: [DONE]\n\n");
    }

    private static ChatCompletionResponse copy(ChatCompletionResponse chunk,
                                               List<dev.langchain4j.model.openai.internal.chat.ChatCompletionChoice> choices,
                                               dev.langchain4j.model.openai.internal.shared.Usage usage) {
        return ChatCompletionResponse.builder().id(chunk.id()).created(chunk.created()).model(chunk.model())
                .systemFingerprint(chunk.systemFingerprint()).serviceTier(chunk.serviceTier())
                .choices(choices).usage(usage).build();
    }

    /**
     * The langchain4j request of an OpenAI request body. Messages are read one by one by their role,
     * since langchain4j's abstract {@code Message} carries no type information of its own.
     */
    private static ChatCompletionRequest toRequest(ObjectNode body) throws JsonProcessingException {
        List<Message> messages = new ArrayList<>();
        for (JsonNode message : body.get("messages")) {
            Class<? extends Message> type = switch (message.get("role").textValue()) {
                case "system", "developer" -> SystemMessage.class;
                case "user" -> UserMessage.class;
                case "assistant" -> AssistantMessage.class;
                case "tool" -> ToolMessage.class;
                case "function" -> FunctionMessage.class;
                default -> throw new BadRequest("messages[" + messages.size() + "] has role '" + message.get("role").textValue()
                        + "'; expected system, developer, user, assistant or tool", "messages");
            };
            ObjectNode copy = ((ObjectNode) message).deepCopy();
            copy.remove("role");
            messages.add(JSON.treeToValue(copy, type));
        }
        ObjectNode rest = body.deepCopy();
        rest.remove("messages");
        return ChatCompletionRequest.builder().from(JSON.treeToValue(rest, ChatCompletionRequest.class)).messages(messages).build();
    }

    /**
     * NaN and Infinity are not JSON, and an LLM server handed {@code "temperature": NaN} answers unpredictably (or
     * bills for it), so a body with one anywhere is refused, naming the field.
     */
    private static void rejectNonFinite(JsonNode node, String path) {
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            String field = path.isEmpty() ? "the body" : path;
            throw new BadRequest("'" + field + "' is " + node.asText() + "; expected a finite number",
                    path.isEmpty() ? null : path);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rejectNonFinite(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                rejectNonFinite(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        }
    }

    private static String validate(JsonNode body) {
        if (!body.isObject()) {
            throw new BadRequest("the body must be a JSON object", null);
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.textValue().isBlank()) {
            throw new BadRequest("'model' is required: the name of a configured LLM", "model");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new BadRequest("'messages' is required: a non-empty list of {role, content}", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject() || !message.path("role").isTextual()) {
                throw new BadRequest("messages[" + i + "] needs a 'role' (system, user, assistant or tool)", "messages");
            }
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isBoolean() && !stream.isNull()) {
            throw new BadRequest("'stream' must be true or false", "stream");
        }
        return model.textValue();
    }

    /**
     * A langchain4j response as OpenAI writes it: on one line (server-sent events end at a line break),
     * with the {@code object} type and the nullable fields the OpenAI SDKs expect to find, which
     * langchain4j's response type does not keep.
     */
    static String wire(ChatCompletionResponse response, String object) {
        ObjectNode node = JSON.valueToTree(response);
        node.put("object", object);
        for (JsonNode choice : node.withArray("choices")) {
            ObjectNode fields = (ObjectNode) choice;
            if (!fields.has("logprobs")) {
                fields.putNull("logprobs");
            }
            if (!fields.has("finish_reason")) {
                fields.putNull("finish_reason");
            }
            if (fields.get("message") instanceof ObjectNode message && !message.has("refusal")) {
                message.putNull("refusal");
            }
        }
        try {
            return ONE_LINE.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(HttpServerResponse response, int status, String type, String param, String message) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(errorJson(type, param, null, message));
    }

    /** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
    static String errorJson(String type, String param, String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("message", message).put("type", type).put("param", param).put("code", code);
        try {
            return ONE_LINE.writeValueAsString(Map.of("error", error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class BadRequest extends RuntimeException {
        private final String param;

        BadRequest(String message, String param) {
            super(message);
            this.param = param;
        }
    }
}
