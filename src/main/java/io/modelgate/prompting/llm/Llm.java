package io.modelgate.prompting.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.openai.internal.OpenAiClient;
import dev.langchain4j.model.openai.internal.ResponseHandle;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionRequest;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionResponse;
import io.quarkiverse.langchain4j.openai.common.OpenAiApiException;
import io.quarkiverse.langchain4j.openai.common.QuarkusOpenAiClient;

import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** One configured LLM: its settings, its OpenAI-compatible client (quarkus-langchain4j) and its concurrency slots. */
final class Llm {

    private final String name;
    private final LlmSettings settings;
    private final OpenAiClient client;
    private final AdaptiveLimit slots;

    Llm(String name, LlmSettings settings) {
        this.name = name;
        this.settings = settings;
        // The client's own read timeout is a backstop in whole seconds; the attempt's timeout is enforced below.
        this.client = QuarkusOpenAiClient.builder()
                .baseUrl(settings.baseUrl().orElseThrow())
                .openAiApiKey(settings.apiKey().orElse("none"))
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout().plusSeconds(1))
                .logRequests(false)
                .logResponses(false)
                .build();
        this.slots = new AdaptiveLimit(settings.maxConcurrency());
    }

    String name() {
        return name;
    }

    String model() {
        return settings.model().orElseThrow();
    }

    LlmSettings settings() {
        return settings;
    }

    /** How many requests the LLM gets at once now: its maximum, or less after rate limits (see {@link AdaptiveLimit}). */
    int concurrencyLimit() {
        return slots.limit();
    }

    /**
     * One attempt, within one of the LLM's concurrency slots and its timeout; the time spent waiting for
     * the slot is added to {@code queuedNanos[0]}, so that latencies can leave it out.
     */
    ChatCompletionResponse attempt(ChatCompletionRequest request, long[] queuedNanos)
            throws LlmAttemptException, InterruptedException {
        long waiting = System.nanoTime();
        slots.acquire();
        queuedNanos[0] += System.nanoTime() - waiting;
        try {
            CompletableFuture<ChatCompletionResponse> answer = new CompletableFuture<>();
            ResponseHandle handle = client.chatCompletion(request)
                    .onResponse(answer::complete)
                    .onError(answer::completeExceptionally)
                    .execute();
            try {
                ChatCompletionResponse response = answer.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
                slots.onSuccess();
                return response;
            } catch (TimeoutException e) {
                handle.cancel();
                throw new LlmAttemptException(LlmAttemptException.Kind.TIMEOUT, 0, null,
                        "no answer within " + settings.timeout().toMillis() + " ms");
            } catch (ExecutionException e) {
                LlmAttemptException failure = classify(e.getCause());
                if (failure.kind() == LlmAttemptException.Kind.RATE_LIMITED) {
                    slots.onRateLimited();
                }
                throw failure;
            }
        } finally {
            slots.release();
        }
    }

    /** Streams one attempt's chunks to {@code chunks}; the caller waits on the returned future for the end. */
    CompletableFuture<Void> stream(ChatCompletionRequest request, Consumer<ChatCompletionResponse> chunks) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
            return done;
        }
        done.whenComplete((ignored, error) -> slots.release());
        client.chatCompletion(request)
                .onPartialResponse(chunks)
                .onComplete(() -> done.complete(null))
                .onError(error -> done.completeExceptionally(classify(error)))
                .execute();
        return done;
    }

    static LlmAttemptException classify(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof LlmAttemptException attempt) {
                return attempt;
            }
            if (cause instanceof LlmHttpError http) {
                return fromStatus(http.status(), http.retryAfter().map(Llm::parseRetryAfter).orElse(null), http.getMessage());
            }
            if (cause instanceof HttpException http) {
                return fromStatus(http.statusCode(), null, "HTTP " + http.statusCode() + ": " + http.getMessage());
            }
            if (cause instanceof JsonProcessingException || cause instanceof OpenAiApiException) {
                return new LlmAttemptException(LlmAttemptException.Kind.MALFORMED, 200, null,
                        "the answer is not a chat completion: " + firstLine(cause.getMessage()));
            }
            if (cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException) {
                return new LlmAttemptException(LlmAttemptException.Kind.TIMEOUT, 0, null, "timed out");
            }
            if (cause instanceof ConnectException || cause instanceof java.io.IOException
                    || cause.getClass().getName().startsWith("io.vertx") || cause.getClass().getName().startsWith("io.netty")) {
                return new LlmAttemptException(LlmAttemptException.Kind.CONNECTION_ERROR, 0, null,
                        "connection failed: " + firstLine(cause.getMessage()));
            }
        }
        return new LlmAttemptException(LlmAttemptException.Kind.CONNECTION_ERROR, 0, null,
                "the request failed: " + (error == null ? "unknown error" : firstLine(error.toString())));
    }

    private static LlmAttemptException fromStatus(int status, Duration retryAfter, String message) {
        LlmAttemptException.Kind kind = status == 429 ? LlmAttemptException.Kind.RATE_LIMITED
                : status == 408 ? LlmAttemptException.Kind.TIMEOUT
                : status >= 500 ? LlmAttemptException.Kind.SERVER_ERROR
                : LlmAttemptException.Kind.REJECTED;
        return new LlmAttemptException(kind, status, retryAfter, firstLine(message));
    }

    /** {@code Retry-After} is either seconds or an HTTP date. */
    static Duration parseRetryAfter(String value) {
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
