package io.modelgate.errors;

/** The runtime failed on a request that passed validation (500); the cause goes to the log. */
public final class InferenceFailedException extends ApiException {

    public InferenceFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 500;
    }
}
