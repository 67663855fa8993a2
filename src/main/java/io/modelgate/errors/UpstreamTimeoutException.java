package io.modelgate.errors;

/** A service modelgate calls on the caller's behalf (an LLM) did not answer in time, after any retries (504). */
public final class UpstreamTimeoutException extends ApiException {

    public UpstreamTimeoutException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 504;
    }
}
