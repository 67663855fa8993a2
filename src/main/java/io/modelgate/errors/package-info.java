/**
 * One exception type per failure kind, each with its HTTP status, and the mappers that answer every
 * failure as {@code {"error": "…"}}; also the request body size limit.
 */
package io.modelgate.errors;
