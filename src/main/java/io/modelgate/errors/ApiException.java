package io.modelgate.errors;

/**
 * A failure that the caller caused or can act on; the HTTP status says which kind it is and the
 * message is written for the caller: it names the model, input or field and what was expected.
 */
public abstract class ApiException extends RuntimeException {

    protected ApiException(String message) {
        super(message);
    }

    protected ApiException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status this failure is answered with. */
    public abstract int status();
}
