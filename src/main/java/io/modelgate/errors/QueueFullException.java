package io.modelgate.errors;

/** A model version's batch queue holds max-queue-size requests already (503): the caller may try again later. */
public final class QueueFullException extends ApiException {

    public QueueFullException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 503;
    }
}
