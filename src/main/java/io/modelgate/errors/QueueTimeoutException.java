package io.modelgate.errors;

/** A request waited in its model version's batch queue past queue-timeout without starting to run (503). */
public final class QueueTimeoutException extends ApiException {

    public QueueTimeoutException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 503;
    }
}
