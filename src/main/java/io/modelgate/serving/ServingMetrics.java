package io.modelgate.serving;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The serving metrics, in Prometheus as {@code modelgate_inference_*} and {@code modelgate_model_ready}.
 * Every series carries the model, its version and the execution provider that ran it.
 */
@ApplicationScoped
public class ServingMetrics {

    /** How a request ended, as the {@code outcome} label. */
    public enum Outcome {
        SUCCESS, INVALID_INPUT, NOT_READY, ERROR;

        String label() {
            return name().toLowerCase();
        }
    }

    private final MeterRegistry registry;

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A request that reached a model version, with how long it waited for a slot and how long it ran. */
    public void recordInference(ModelMetadata model, String api, Outcome outcome, long batchSize,
                                Duration queue, Duration compute) {
        String version = Long.toString(model.version());
        registry.counter("modelgate.inference.requests", "model", model.name(), "version", version,
                "api", api, "outcome", outcome.label(), "execution_provider", model.executionProvider()).increment();
        if (outcome != Outcome.SUCCESS) {
            return;
        }
        Timer.builder("modelgate.inference.queue")
                .description("Time a request waited for one of its model version's concurrency slots")
                .tags("model", model.name(), "version", version, "execution_provider", model.executionProvider())
                .publishPercentileHistogram()
                .register(registry)
                .record(queue);
        Timer.builder("modelgate.inference.compute")
                .description("Time ONNX Runtime spent on a request, tensor set-up and copies included")
                .tags("model", model.name(), "version", version, "execution_provider", model.executionProvider())
                .publishPercentileHistogram()
                .register(registry)
                .record(compute);
        DistributionSummary.builder("modelgate.inference.batch.size")
                .description("Rows (first dimension) per request")
                .tags("model", model.name(), "version", version, "execution_provider", model.executionProvider())
                .register(registry)
                .record(batchSize);
    }

    /** A request for a model that failed before a version was chosen (unknown or not ready). */
    public void recordRejected(String model, String api, Outcome outcome) {
        registry.counter("modelgate.inference.requests", "model", model, "version", "", "api", api,
                "outcome", outcome.label(), "execution_provider", "").increment();
    }

    void versionLoaded(ModelRepository repository, ModelMetadata model) {
        String name = model.name();
        long version = model.version();
        Gauge.builder("modelgate.model.ready", repository, r -> r.isReady(name, version) ? 1 : 0)
                .description("1 while the model version is loaded and ready, else 0")
                .tags("model", name, "version", Long.toString(version), "execution_provider", model.executionProvider())
                .strongReference(true)
                .register(registry);
    }
}
