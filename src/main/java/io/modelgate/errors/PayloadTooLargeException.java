package io.modelgate.errors;

/** A request body over the configured limit (413). */
public final class PayloadTooLargeException extends ApiException {

    public PayloadTooLargeException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 413;
    }
}
