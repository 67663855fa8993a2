package io.modelgate.serving;

import ai.onnxruntime.OrtException;
import io.modelgate.errors.InferenceFailedException;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import io.modelgate.errors.QueueFullException;
import io.modelgate.errors.QueueTimeoutException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;

/**
 * Runs inference requests: holds a model version for the request, validates the inputs, answers from the version's
 * response cache or waits for one of its concurrency slots (or its dynamic batcher), runs ONNX Runtime and records
 * the metrics. Both the KServe V2
 * API and the task API come through here.
 */
@ApplicationScoped
public class InferenceService {

    private final ModelRepository repository;
    private final ServingMetrics metrics;
    private final long inlineComputeLimitNanos;

    public InferenceService(ModelRepository repository, ServingMetrics metrics, ModelRepositoryConfig config) {
        this.repository = repository;
        this.metrics = metrics;
        this.inlineComputeLimitNanos = config.inlineComputeLimit().toNanos();
    }

    /**
     * Whether a request for the given version may run on the I/O thread that received it: its runs are short, it
     * waits for no batch and no concurrency slot ({@code modelgate.models.inline-compute-limit}).
     */
    public boolean answersInline(String model, OptionalLong version) {
        return repository.answersInline(model, version, inlineComputeLimitNanos);
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

    /**
     * Runs the held version on the inputs and returns the named outputs (every output when none is named): from the
     * version's response cache when it has the answer, else gathered with other requests when the version batches,
     * else alone.
     */
    public List<Tensor> infer(ModelLease lease, List<Tensor> inputs, List<String> outputs, String api) {
        ModelMetadata model = lease.metadata();
        try {
            InputValidator.validate(model, inputs, outputs);
        } catch (InvalidInputException e) {
            metrics.recordInference(model, api, ServingMetrics.Outcome.INVALID_INPUT, 0, Duration.ZERO, Duration.ZERO);
            throw e;
        }
        long batchSize = InputValidator.batchSize(model, inputs);
        Optional<ResponseCache> cache = lease.model().cache();
        String key = cache.map(c -> ResponseCache.key(model, inputs, outputs)).orElse(null);
        if (cache.isPresent()) {
            Optional<List<Tensor>> cached = cache.get().get(key);
            metrics.recordCacheLookup(model, cached.isPresent());
            if (cached.isPresent()) {
                metrics.recordCachedAnswer(model, api);
                return cached.get();
            }
        }
        List<Tensor> result = run(lease, inputs, outputs, api, batchSize);
        cache.ifPresent(c -> c.put(key, result));
        return result;
    }

    private List<Tensor> run(ModelLease lease, List<Tensor> inputs, List<String> outputs, String api, long batchSize) {
        Optional<DynamicBatcher> batcher = lease.model().batcher().filter(b -> b.policy().gathers(batchSize));
        if (batcher.isPresent()) {
            Optional<List<Tensor>> gathered = runGathered(batcher.get(), lease.metadata(), inputs, outputs, api, batchSize);
            if (gathered.isPresent()) {
                return gathered.get();
            }
            // The version was retired while this request held it: its batcher has stopped, the session is still open.
        }
        return runAlone(lease, inputs, outputs, api, batchSize);
    }

    private Optional<List<Tensor>> runGathered(DynamicBatcher batcher, ModelMetadata model, List<Tensor> inputs,
                                               List<String> outputs, String api, long batchSize) {
        try {
            Optional<DynamicBatcher.Answer> answer = batcher.submit(inputs, outputs, batchSize);
            answer.ifPresent(a -> {
                if (a.firstOfRun()) {
                    metrics.recordRun(model, a.runRows());
                }
                metrics.recordInference(model, api, ServingMetrics.Outcome.SUCCESS, batchSize,
                        Duration.ofNanos(a.queueNanos()), Duration.ofNanos(a.computeNanos()));
            });
            return answer.map(DynamicBatcher.Answer::outputs);
        } catch (QueueFullException e) {
            metrics.recordInference(model, api, ServingMetrics.Outcome.QUEUE_FULL, batchSize, Duration.ZERO, Duration.ZERO);
            throw e;
        } catch (QueueTimeoutException e) {
            metrics.recordInference(model, api, ServingMetrics.Outcome.QUEUE_TIMEOUT, batchSize, Duration.ZERO, Duration.ZERO);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(model);
        } catch (ExecutionException e) {
            throw failed(model, api, batchSize, e.getCause());
        }
    }

    private List<Tensor> runAlone(ModelLease lease, List<Tensor> inputs, List<String> outputs, String api, long batchSize) {
        ModelMetadata model = lease.metadata();
        long queued = System.nanoTime();
        try {
            lease.model().awaitPermit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(model);
        }
        long started = System.nanoTime();
        try {
            List<Tensor> result = lease.model().run(inputs, outputs);
            lease.model().recordCompute(System.nanoTime() - started);
            metrics.recordRun(model, batchSize);
            metrics.recordInference(model, api, ServingMetrics.Outcome.SUCCESS, batchSize,
                    Duration.ofNanos(started - queued), Duration.ofNanos(System.nanoTime() - started));
            return result;
        } catch (OrtException | RuntimeException e) {
            throw failed(model, api, batchSize, e);
        } finally {
            lease.model().releasePermit();
        }
    }

    private InferenceFailedException failed(ModelMetadata model, String api, long batchSize, Throwable cause) {
        metrics.recordInference(model, api, ServingMetrics.Outcome.ERROR, batchSize, Duration.ZERO, Duration.ZERO);
        return new InferenceFailedException("model '" + model.name() + "' version " + model.version()
                + " failed on the request: " + cause.getMessage(), cause);
    }

    private static NotReadyException interrupted(ModelMetadata model) {
        return new NotReadyException("model '" + model.name() + "': the request was interrupted while it waited");
    }
}
