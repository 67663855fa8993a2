package io.modelgate.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The serving metrics, in Prometheus as {@code modelgate_inference_*} and {@code modelgate_model_ready}.
 * Every series carries the model, its version and the execution provider that ran it.
 */
@ApplicationScoped
public class ServingMetrics {

    /** How a request ended, as the {@code outcome} label. */
    public enum Outcome {
        SUCCESS, INVALID_INPUT, NOT_READY, ERROR,
        /** Refused because the version's batch queue was full (dynamic-batching.max-queue-size). */
        QUEUE_FULL,
        /** Refused because it waited in the batch queue past dynamic-batching.queue-timeout. */
        QUEUE_TIMEOUT;

        String label() {
            return name().toLowerCase();
        }
    }

    private final MeterRegistry registry;
    private final java.util.Set<String> readyGauges = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<MeterKey, SuccessMeters> successMeters = new ConcurrentHashMap<>();

    /** The meters of successful requests, built once per model version and API rather than per request. */
    private record SuccessMeters(Counter requests, Timer queue, Timer compute, DistributionSummary batchSize) {
    }

    private record MeterKey(String model, long version, String executionProvider, String api) {
    }

    private record VersionKey(String model, long version, String executionProvider) {

        static VersionKey of(ModelMetadata model) {
            return new VersionKey(model.name(), model.version(), model.executionProvider());
        }

        Tags tags() {
            return Tags.of("model", model, "version", Long.toString(version), "execution_provider", executionProvider);
        }
    }

    private record CacheMeters(Counter hits, Counter misses) {
    }

    private final Map<VersionKey, DistributionSummary> runRows = new ConcurrentHashMap<>();
    private final Map<VersionKey, CacheMeters> cacheMeters = new ConcurrentHashMap<>();

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A request that reached a model version, with how long it waited for a slot and how long it ran. */
    public void recordInference(ModelMetadata model, String api, Outcome outcome, long batchSize,
                                Duration queue, Duration compute) {
        if (outcome != Outcome.SUCCESS) {
            requests(model.name(), Long.toString(model.version()), api, outcome, model.executionProvider()).increment();
            return;
        }
        SuccessMeters meters = successMeters.computeIfAbsent(
                new MeterKey(model.name(), model.version(), model.executionProvider(), api), this::successMeters);
        meters.requests().increment();
        meters.queue().record(queue);
        meters.compute().record(compute);
        meters.batchSize().record(batchSize);
    }

    private SuccessMeters successMeters(MeterKey key) {
        Tags tags = Tags.of("model", key.model(), "version", Long.toString(key.version()),
                "execution_provider", key.executionProvider());
        return new SuccessMeters(
                requests(key.model(), Long.toString(key.version()), key.api(), Outcome.SUCCESS, key.executionProvider()),
                Timer.builder("modelgate.inference.queue")
                        .description("Time a request waited for one of its model version's concurrency slots")
                        .tags(tags).publishPercentileHistogram().register(registry),
                Timer.builder("modelgate.inference.compute")
                        .description("Time ONNX Runtime spent on a request, tensor set-up and copies included")
                        .tags(tags).publishPercentileHistogram().register(registry),
                DistributionSummary.builder("modelgate.inference.batch.size")
                        .description("Rows (first dimension) per request")
                        .tags(tags).register(registry));
    }

    private Counter requests(String model, String version, String api, Outcome outcome, String executionProvider) {
        return Counter.builder("modelgate.inference.requests")
                .description("Inference requests by model, version, API, outcome and execution provider")
                .tags("model", model, "version", version, "api", api, "outcome", outcome.label(),
                        "execution_provider", executionProvider)
                .register(registry);
    }

    /**
     * One ONNX Runtime run of a request's version and how many rows (first dimension) it carried: a request's own
     * rows when it ran alone, the gathered rows of every request in it when dynamic batching joined them.
     */
    public void recordRun(ModelMetadata model, long rows) {
        runRows.computeIfAbsent(VersionKey.of(model), key -> DistributionSummary.builder("modelgate.inference.run.rows")
                .description("Rows (first dimension) per ONNX Runtime run, requests gathered by dynamic batching together")
                .tags(key.tags())
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
                .register(registry)).record(rows);
    }

    /** A look-up in a version's response cache. */
    public void recordCacheLookup(ModelMetadata model, boolean hit) {
        CacheMeters meters = cacheMeters.computeIfAbsent(VersionKey.of(model), key -> new CacheMeters(
                cacheCounter(key, "hit"), cacheCounter(key, "miss")));
        (hit ? meters.hits() : meters.misses()).increment();
    }

    /** A request answered from the response cache: a success that took no queue or compute time, so only counted. */
    public void recordCachedAnswer(ModelMetadata model, String api) {
        requests(model.name(), Long.toString(model.version()), api, Outcome.SUCCESS, model.executionProvider()).increment();
    }

    private Counter cacheCounter(VersionKey key, String result) {
        return Counter.builder("modelgate.inference.cache")
                .description("Response cache look-ups by model, version and result (hit or miss)")
                .tags(key.tags().and("result", result))
                .register(registry);
    }

    /** A request for a model that failed before a version was chosen (unknown or not ready). */
    public void recordRejected(String model, String api, Outcome outcome) {
        requests(model, "", api, outcome, "").increment();
    }

    /**
     * The readiness gauge of a version, registered once: a reload of the same version reads the same gauge (Micrometer
     * would warn that it is already registered), and a gauge of the same id that an earlier application in this JVM
     * left behind (tests start several) is replaced, since it reads that application's repository.
     */
    void versionLoaded(ModelRepository repository, ModelMetadata model) {
        String name = model.name();
        long version = model.version();
        io.micrometer.core.instrument.Tags tags = io.micrometer.core.instrument.Tags.of("model", name,
                "version", Long.toString(version), "execution_provider", model.executionProvider());
        String key = name + "\u0000" + version + "\u0000" + model.executionProvider();
        if (!readyGauges.add(key)) {
            return;
        }
        Gauge left = registry.find("modelgate.model.ready").tags(tags).gauge();
        if (left != null) {
            registry.remove(left);
        }
        Gauge.builder("modelgate.model.ready", repository, r -> r.isReady(name, version) ? 1 : 0)
                .description("1 while the model version is loaded and ready, else 0")
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }
}
