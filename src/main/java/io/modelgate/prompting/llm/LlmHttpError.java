package io.modelgate.prompting.llm;

import java.util.Optional;

/**
 * An error answer of an LLM API with what the langchain4j client drops: the {@code Retry-After}
 * header. Thrown by {@link LlmHttpErrorFilter} while the response is still at hand.
 */
public final class LlmHttpError extends RuntimeException {

    private final int status;
    private final String retryAfter;

    LlmHttpError(int status, String retryAfter, String body) {
        super("HTTP " + status + ": " + body);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** The raw {@code Retry-After} header: seconds or an HTTP date. */
    public Optional<String> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
