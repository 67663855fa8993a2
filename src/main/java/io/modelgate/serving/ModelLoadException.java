package io.modelgate.serving;

/** A model version that cannot be served; the message is the reason shown in its status and the log. */
public final class ModelLoadException extends Exception {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
