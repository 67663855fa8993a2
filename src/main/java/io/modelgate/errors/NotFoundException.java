package io.modelgate.errors;

/** An unknown model, version, system, task or data set (404). */
public final class NotFoundException extends ApiException {

    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 404;
    }
}
