package io.modelgate.errors;

/** A known model or system that cannot answer now: still loading, failed to load, or unloaded (503). */
public final class NotReadyException extends ApiException {

    public NotReadyException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 503;
    }
}
