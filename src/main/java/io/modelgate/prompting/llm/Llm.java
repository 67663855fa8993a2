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
     * One attempt, within one of the LLM's concurrency slots and its timeout, cut short at {@code deadline} (a
     * {@link System#nanoTime} instant); the time spent waiting for the slot is added to {@code queuedNanos[0]},
     * so that latencies can leave it out. An interrupt aborts the request in flight.
     */
    ChatCompletionResponse attempt(ChatCompletionRequest request, long[] queuedNanos, long deadline)
            throws LlmAttemptException, InterruptedException {
        long waiting = System.nanoTime();
        takeSlot(deadline);
        queuedNanos[0] += System.nanoTime() - waiting;
        try {
            CompletableFuture<ChatCompletionResponse> answer = new CompletableFuture<>();
            ResponseHandle handle = client.chatCompletion(request)
                    .onResponse(answer::complete)
                    .onError(answer::completeExceptionally)
                    .execute();
            long timeout = Math.min(settings.timeout().toNanos(), deadline - System.nanoTime());
            try {
                ChatCompletionResponse response = answer.get(timeout, TimeUnit.NANOSECONDS);
                slots.onSuccess();
                return response;
            } catch (TimeoutException e) {
                handle.cancel();
                throw new LlmAttemptException(LlmAttemptException.Kind.TIMEOUT, 0, null,
                        "no answer within " + TimeUnit.NANOSECONDS.toMillis(Math.max(0, timeout)) + " ms");
            } catch (InterruptedException e) {
                handle.cancel();
                throw e;
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

    /** Waits for a slot at most max-slot-wait, and never past the call's deadline. */
    private void takeSlot(long deadline) throws LlmAttemptException, InterruptedException {
        long untilDeadline = deadline - System.nanoTime();
        long maxWait = Math.min(settings.maxSlotWait().toNanos(), untilDeadline);
        if (!slots.acquire(maxWait)) {
            if (maxWait == untilDeadline) {
                throw new LlmAttemptException(LlmAttemptException.Kind.TIMEOUT, 0, null,
                        "its deadline of " + settings.deadline().toMillis() + " ms (deadline) ran out waiting for a concurrency slot");
            }
            throw new LlmAttemptException(LlmAttemptException.Kind.BUSY, 0, null, "all " + slots.limit()
                    + " concurrency slots stayed busy for " + settings.maxSlotWait().toMillis() + " ms (max-slot-wait)");
        }
    }

    /**
     * Streams one attempt's chunks to {@code chunks}; the caller waits on the returned future for the end. The
     * future fails with a {@link LlmAttemptException} of kind BUSY or TIMEOUT when no slot came free in time.
     */
    CompletableFuture<Void> stream(ChatCompletionRequest request, Consumer<ChatCompletionResponse> chunks, long deadline) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            takeSlot(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
            return done;
        } catch (LlmAttemptException e) {
            done.completeExceptionally(e);
            return done;
        }
        done.whenComplete((ignored, error) -> slots.release());
        ResponseHandle handle = client.chatCompletion(request)
                .onPartialResponse(chunks)
                .onComplete(() -> done.complete(null))
                .onError(error -> done.completeExceptionally(classify(error)))
                .execute();
        // Cancelling the future (a deadline, an interrupt) aborts the request.
        done.whenComplete((ignored, error) -> {
            if (done.isCancelled()) {
                handle.cancel();
            }
        });
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
