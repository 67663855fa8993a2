package io.modelgate.serving;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version's dynamic batching, checked and with its defaults filled in.
 *
 * @param preferredBatchSizes ascending, each at most {@code maxBatchSize}
 * @param queueTimeout        {@link Duration#ZERO} never refuses a request for waiting
 */
public record BatchingPolicy(int maxBatchSize, List<Integer> preferredBatchSizes, Duration maxQueueDelay,
                             int maxQueueSize, Duration queueTimeout) {

    static final int DEFAULT_MAX_BATCH_SIZE = 64;
    static final int DEFAULT_MAX_QUEUE_SIZE = 1024;
    static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern DURATION = Pattern.compile("(\\d+)(us|ms|s)");

    public BatchingPolicy {
        preferredBatchSizes = List.copyOf(preferredBatchSizes);
    }

    /**
     * The policy of a model's {@code dynamic-batching} block, empty when it has none. Every input must be batched
     * (first dimension -1): rows are gathered along it.
     */
    static Optional<BatchingPolicy> resolve(ModelConfig config, ModelMetadata metadata) throws ModelLoadException {
        DynamicBatchingConfig batching = config.dynamicBatching();
        if (batching == null) {
            return Optional.empty();
        }
        String where = "model '" + config.name() + "': dynamic-batching.";
        for (TensorSpec input : metadata.inputs()) {
            if (!input.batched()) {
                throw new ModelLoadException("model '" + config.name() + "' has dynamic-batching, but input '"
                        + input.name() + "' has the shape " + input.shapeText()
                        + ": every input's first dimension must be -1 (the batch)");
            }
        }
        int maxBatchSize = batching.maxBatchSize() != null ? batching.maxBatchSize()
                : Math.min(DEFAULT_MAX_BATCH_SIZE, metadata.maxBatchSize());
        if (maxBatchSize < 1 || maxBatchSize > metadata.maxBatchSize()) {
            throw new ModelLoadException(where + "max-batch-size must be from 1 to the model's max-batch-size ("
                    + metadata.maxBatchSize() + "), got " + maxBatchSize);
        }
        List<Integer> preferred = batching.preferredBatchSizes().stream().sorted().distinct().toList();
        for (int size : preferred) {
            if (size < 1 || size > maxBatchSize) {
                throw new ModelLoadException(where + "preferred-batch-sizes must each be from 1 to max-batch-size ("
                        + maxBatchSize + "), got " + size);
            }
        }
        int maxQueueSize = batching.maxQueueSize() != null ? batching.maxQueueSize() : DEFAULT_MAX_QUEUE_SIZE;
        if (maxQueueSize < 1) {
            throw new ModelLoadException(where + "max-queue-size must be at least 1, got " + maxQueueSize);
        }
        Duration delay = duration(where + "max-queue-delay", batching.maxQueueDelay(), Duration.ZERO);
        Duration timeout = duration(where + "queue-timeout", batching.queueTimeout(), DEFAULT_QUEUE_TIMEOUT);
        return Optional.of(new BatchingPolicy(maxBatchSize, preferred, delay, maxQueueSize, timeout));
    }

    /** Whether a request of this many rows may be gathered with others; a bigger one runs alone. */
    boolean gathers(long rows) {
        return rows <= maxBatchSize;
    }

    /** Whether a run of this many rows should start now rather than wait for more. */
    boolean startsAt(long rows) {
        return rows >= maxBatchSize || preferredBatchSizes.contains(Math.toIntExact(rows));
    }

    /** A duration written as a whole number of microseconds, milliseconds or seconds: {@code 500us}, {@code 2ms}, {@code 1s}. */
    static Duration duration(String key, String text, Duration absent) throws ModelLoadException {
        if (text == null) {
            return absent;
        }
        if (text.trim().equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new ModelLoadException(key + " must be a whole number followed by us, ms or s (500us, 2ms, 1s) or 0,"
                    + " got '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "us" -> Duration.ofNanos(amount * 1000);
            case "ms" -> Duration.ofMillis(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
