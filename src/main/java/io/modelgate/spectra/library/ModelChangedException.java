package io.modelgate.spectra.library;

import io.modelgate.errors.ApiException;

/** A library was built with another version of its model than the one now served (409). */
final class ModelChangedException extends ApiException {

    ModelChangedException(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 409;
    }
}
