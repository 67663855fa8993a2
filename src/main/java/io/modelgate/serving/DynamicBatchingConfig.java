package io.modelgate.serving;

import java.util.List;

/**
 * The {@code dynamic-batching} block of {@code model.yaml}, as written (Triton's knobs). Durations are text such as
 * {@code 500us}, {@code 2ms} or {@code 1s}; {@link BatchingPolicy#resolve} checks every key and fills the defaults.
 *
 * @param maxBatchSize        the most rows one gathered run carries
 * @param preferredBatchSizes row counts at which a gathered run starts at once, without waiting out the delay
 * @param maxQueueDelay       how long the oldest queued request may wait for others to join its run
 * @param maxQueueSize        the most requests waiting at once; one more is refused (503)
 * @param queueTimeout        how long a request may wait in the queue before it is refused (503)
 */
public record DynamicBatchingConfig(Integer maxBatchSize, List<Integer> preferredBatchSizes, String maxQueueDelay,
                                    Integer maxQueueSize, String queueTimeout) {

    public DynamicBatchingConfig {
        preferredBatchSizes = preferredBatchSizes == null ? List.of() : List.copyOf(preferredBatchSizes);
    }
}
