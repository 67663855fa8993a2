package io.modelgate.client;

/**
 * A call the server refused or failed.
 *
 * @see #status() the HTTP status or the gRPC code's name
 */
public final class InferenceClientException extends RuntimeException {

    private final String status;

    public InferenceClientException(String status, String message) {
        super(message);
        this.status = status;
    }

    public InferenceClientException(String message, Throwable cause) {
        super(message, cause);
        this.status = "UNREACHABLE";
    }

    /** {@code 404}, {@code 400} … over REST; {@code NOT_FOUND}, {@code INVALID_ARGUMENT} … over gRPC. */
    public String status() {
        return status;
    }
}
