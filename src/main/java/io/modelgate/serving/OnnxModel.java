package io.modelgate.serving;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model version: an ONNX Runtime session and what it expects.
 *
 * <p>{@code OrtSession.close()} does not wait for runs in flight, so the session is reference
 * counted: the repository holds one reference until it {@link #retire()}s the version, every request
 * holds one while it runs, and the last one out closes the session. A version with dynamic batching has its
 * batcher thread, stopped when the version is retired (it runs what is queued first); one with a response
 * cache drops the cache then.
 */
public final class OnnxModel {

    private final ModelMetadata metadata;
    private final OrtSession session;
    private final OrtEnvironment environment;
    private final Semaphore permits;
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();
    private final Optional<DynamicBatcher> batcher;
    private final Optional<ResponseCache> cache;
    private final TypicalComputeTime computeTime = new TypicalComputeTime();

    OnnxModel(ModelMetadata metadata, OrtSession session, OrtEnvironment environment, int maxConcurrency) {
        this(metadata, session, environment, maxConcurrency, Optional.empty(), Optional.empty());
    }

    OnnxModel(ModelMetadata metadata, OrtSession session, OrtEnvironment environment, int maxConcurrency,
              Optional<BatchingPolicy> batching, Optional<ResponseCache> cache) {
        this.metadata = metadata;
        this.session = session;
        this.environment = environment;
        this.permits = new Semaphore(maxConcurrency, true);
        this.batcher = batching.map(policy -> new DynamicBatcher(metadata.name(), metadata.version(), policy,
                this::runWithPermit));
        this.cache = cache;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** Takes a reference; false when the version was retired and its session is closed or closing. */
    boolean tryAcquire() {
        while (true) {
            int count = references.get();
            if (count == 0) {
                return false;
            }
            if (references.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (references.decrementAndGet() == 0) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("closing the session of " + metadata.name() + " failed", e);
            }
        }
    }

    /** Drops the repository's reference: the session closes once the last request in flight is done. */
    void retire() {
        if (retired.compareAndSet(false, true)) {
            batcher.ifPresent(DynamicBatcher::stop);
            cache.ifPresent(ResponseCache::clear);
            release();
        }
    }

    /** Starts the batcher thread, once the version has loaded and warmed up. */
    void startBatching() {
        batcher.ifPresent(DynamicBatcher::start);
    }

    Optional<DynamicBatcher> batcher() {
        return batcher;
    }

    Optional<ResponseCache> cache() {
        return cache;
    }

    /**
     * Whether a request may run on the thread that received it, an I/O thread that must not wait: the version does not
     * gather requests into batches, a concurrency permit is free now, and its runs typically take at most the limit.
     */
    boolean answersInline(long limitNanos) {
        return limitNanos > 0 && batcher.isEmpty() && permits.availablePermits() > 0 && computeTime.atMost(limitNanos);
    }

    void recordCompute(long nanos) {
        computeTime.record(nanos);
    }

    /** Waits for one of the version's concurrency permits. */
    void awaitPermit() throws InterruptedException {
        permits.acquire();
    }

    void releasePermit() {
        permits.release();
    }

    /** A gathered batch's run: it takes a concurrency permit like any request. */
    private List<Tensor> runWithPermit(List<Tensor> inputs, List<String> outputNames) throws OrtException, InterruptedException {
        permits.acquire();
        try {
            return run(inputs, outputNames);
        } finally {
            permits.release();
        }
    }

    /** Runs the model on already validated inputs and returns the named outputs (all when none are named). */
    List<Tensor> run(List<Tensor> inputs, List<String> outputNames) throws OrtException {
        Map<String, OnnxTensor> onnxInputs = new HashMap<>();
        try {
            for (Tensor input : inputs) {
                onnxInputs.put(input.name(), toOnnx(input));
            }
            List<String> wanted = outputNames.isEmpty()
                    ? metadata.outputs().stream().map(TensorSpec::name).toList()
                    : outputNames;
            try (OrtSession.Result result = session.run(onnxInputs, new LinkedHashSet<>(wanted))) {
                List<Tensor> outputs = new ArrayList<>(wanted.size());
                for (String name : wanted) {
                    Optional<OnnxValue> value = result.get(name);
                    outputs.add(fromOnnx(name, (OnnxTensor) value.orElseThrow()));
                }
                return outputs;
            }
        } finally {
            onnxInputs.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toOnnx(Tensor tensor) throws OrtException {
        if (tensor.datatype() == DataType.BYTES) {
            return OnnxTensor.createTensor(environment, tensor.strings().toArray(String[]::new), tensor.shape());
        }
        return OnnxTensor.createTensor(environment, tensor.buffer(), tensor.shape(), tensor.datatype().javaType());
    }

    private static Tensor fromOnnx(String name, OnnxTensor tensor) throws OrtException {
        TensorInfo info = tensor.getInfo();
        DataType datatype = DataType.ofOnnx(info.onnxType).orElseThrow(() -> new IllegalStateException(
                "output '" + name + "' is " + DataType.v2Name(info.onnxType) + ", which ONNX Runtime's Java API cannot read"));
        long[] shape = info.getShape();
        if (datatype == DataType.BYTES) {
            List<String> strings = new ArrayList<>();
            flattenStrings(tensor.getValue(), strings);
            return Tensor.strings(name, shape, strings);
        }
        return Tensor.numeric(name, datatype, shape, tensor.getByteBuffer().order(ByteOrder.nativeOrder()));
    }

    private static void flattenStrings(Object value, List<String> into) {
        if (value instanceof String s) {
            into.add(s);
        } else if (value instanceof Object[] array) {
            for (Object element : array) {
                flattenStrings(element, into);
            }
        }
    }
}
