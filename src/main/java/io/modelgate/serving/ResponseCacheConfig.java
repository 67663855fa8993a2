package io.modelgate.serving;

/**
 * The {@code response-cache} block of {@code model.yaml}: answers kept per model version, bounded by a number of
 * answers or by their bytes (exactly one of the two).
 *
 * @param maxEntries the most answers kept
 * @param maxBytes   the most bytes of answers kept (output tensors' bytes; strings count their UTF-16 length twice)
 */
public record ResponseCacheConfig(Long maxEntries, Long maxBytes) {
}
