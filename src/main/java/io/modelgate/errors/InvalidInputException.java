package io.modelgate.errors;

/** A request that does not fit what the model, task or endpoint expects (400). */
public final class InvalidInputException extends ApiException {

    public InvalidInputException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 400;
    }
}
