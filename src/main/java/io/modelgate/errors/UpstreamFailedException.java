package io.modelgate.errors;

/** A service modelgate calls on the caller's behalf (an LLM) failed or refused, after any retries (502). */
public final class UpstreamFailedException extends ApiException {

    private final int upstreamStatus;

    public UpstreamFailedException(String message, int upstreamStatus) {
        super(message);
        this.upstreamStatus = upstreamStatus;
    }

    /** The upstream's HTTP status, 0 when it gave none (connection failed, unreadable answer). */
    public int upstreamStatus() {
        return upstreamStatus;
    }

    @Override
    public int status() {
        return 502;
    }
}
