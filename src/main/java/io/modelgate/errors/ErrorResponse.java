package io.modelgate.errors;

/** The body of every error answer: {@code {"error": "…"}}. */
public record ErrorResponse(String error) {
}
