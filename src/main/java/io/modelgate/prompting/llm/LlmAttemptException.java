package io.modelgate.prompting.llm;

import java.time.Duration;
import java.util.Optional;

/** One failed attempt to get an answer from an LLM, classified so the gateway knows whether to retry. */
final class LlmAttemptException extends Exception {

    enum Kind {
        RATE_LIMITED(true), SERVER_ERROR(true), TIMEOUT(true), CONNECTION_ERROR(true), REJECTED(false), MALFORMED(false),
        /** No concurrency slot came free within max-slot-wait: the gateway's own queue, not the LLM. */
        BUSY(false);

        final boolean retriable;

        Kind(boolean retriable) {
            this.retriable = retriable;
        }

        String label() {
            return name().toLowerCase();
        }
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;

    LlmAttemptException(Kind kind, int status, Duration retryAfter, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    Kind kind() {
        return kind;
    }

    int status() {
        return status;
    }

    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
