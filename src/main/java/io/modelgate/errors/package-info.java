/**
 * One exception type per failure kind, each with its HTTP status, and the mappers that answer every
 * failure as {@code {"error": "…"}}; also the request body size limit.
 * <p>
 * Must not know: the domain; every package may use it.
 */
package io.modelgate.errors;
