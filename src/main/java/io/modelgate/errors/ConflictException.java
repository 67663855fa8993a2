package io.modelgate.errors;

/**
 * The request is right but clashes with what runs now (409): a run that this process, or another replica or
 * process sharing the store, is running already. Asking again once it stopped may succeed.
 */
public final class ConflictException extends ApiException {

    public ConflictException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 409;
    }
}
