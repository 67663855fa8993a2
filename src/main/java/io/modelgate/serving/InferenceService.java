package io.modelgate.serving;

import ai.onnxruntime.OrtException;
import io.modelgate.errors.InferenceFailedException;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Runs inference requests: holds a model version for the request, validates the inputs, waits for one
 * of the version's concurrency slots, runs ONNX Runtime and records the metrics. Both the KServe V2
 * API and the task API come through here.
 */
@ApplicationScoped
public class InferenceService {

    private final ModelRepository repository;
    private final ServingMetrics metrics;

    public InferenceService(ModelRepository repository, ServingMetrics metrics) {
        this.repository = repository;
        this.metrics = metrics;
    }

    /** Holds the given version (or the newest ready one) for a request; close the lease when done. */
    public ModelLease acquire(String model, OptionalLong version, String api) {
        try {
            return repository.acquire(model, version);
        } catch (NotFoundException e) {
            // Unknown names are not used as a label: callers could otherwise mint any number of series.
            metrics.recordRejected("", api, ServingMetrics.Outcome.INVALID_INPUT);
            throw e;
        } catch (NotReadyException e) {
            metrics.recordRejected(model, api, ServingMetrics.Outcome.NOT_READY);
            throw e;
        }
    }

    /** Counts a request refused while its inputs were read, before {@link #infer} could check them. */
    public void recordInvalidInput(ModelLease lease, String api) {
        metrics.recordInference(lease.metadata(), api, ServingMetrics.Outcome.INVALID_INPUT, 0, Duration.ZERO, Duration.ZERO);
    }

    /** Runs the held version on the inputs and returns the named outputs (every output when none is named). */
    public List<Tensor> infer(ModelLease lease, List<Tensor> inputs, List<String> outputs, String api) {
        ModelMetadata model = lease.metadata();
        try {
            InputValidator.validate(model, inputs, outputs);
        } catch (InvalidInputException e) {
            metrics.recordInference(model, api, ServingMetrics.Outcome.INVALID_INPUT, 0, Duration.ZERO, Duration.ZERO);
            throw e;
        }
        long batchSize = InputValidator.batchSize(model, inputs);
        long queued = System.nanoTime();
        try {
            lease.model().awaitPermit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotReadyException("model '" + model.name() + "': the request was interrupted while it waited");
        }
        long started = System.nanoTime();
        try {
            List<Tensor> result = lease.model().run(inputs, outputs);
            metrics.recordInference(model, api, ServingMetrics.Outcome.SUCCESS, batchSize,
                    Duration.ofNanos(started - queued), Duration.ofNanos(System.nanoTime() - started));
            return result;
        } catch (OrtException | RuntimeException e) {
            metrics.recordInference(model, api, ServingMetrics.Outcome.ERROR, batchSize, Duration.ZERO, Duration.ZERO);
            throw new InferenceFailedException("model '" + model.name() + "' version " + model.version()
                    + " failed on the request: " + e.getMessage(), e);
        } finally {
            lease.model().releasePermit();
        }
    }
}
