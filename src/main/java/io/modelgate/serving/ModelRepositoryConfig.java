package io.modelgate.serving;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The model repository: where models are found, how they are run, and the limits on requests. */
@ConfigMapping(prefix = "modelgate.models")
public interface ModelRepositoryConfig {

    /** The folder holding one folder per model ({@code MODELGATE_MODELS_DIR}). */
    @WithDefault("models")
    Path dir();

    /**
     * How often the folder is scanned for added, changed and removed models; absent (the default)
     * means only at start and on {@code POST /v2/repository/index} or {@code /load}.
     */
    Optional<Duration> pollInterval();

    /** {@code auto} (CUDA when the GPU build of ONNX Runtime is present, else CPU), {@code cuda} or {@code cpu}. */
    @WithDefault("auto")
    ExecutionProvider executionProvider();

    /** The CUDA device models run on. */
    @WithDefault("0")
    int cudaDeviceId();

    /** Threads ONNX Runtime uses within one operator; 0 lets ONNX Runtime choose. */
    @WithDefault("0")
    int intraOpThreads();

    /** Threads ONNX Runtime uses across operators; 0 lets ONNX Runtime choose. */
    @WithDefault("0")
    int interOpThreads();

    /**
     * V2 requests for a version whose runs typically take at most this long (and that neither batches nor has all its
     * concurrency slots taken) run on the I/O thread that received them, sparing the hand-off to a worker thread and
     * back; 0 runs every request on a worker thread.
     */
    @WithDefault("1ms")
    Duration inlineComputeLimit();

    /** Inferences one model version runs at once; further requests wait (queue time in the metrics). */
    @WithDefault("4")
    int maxConcurrency();

    /** The most pixels (width × height) an image sent to the task API may have; larger ones get 400 before decoding. */
    @WithDefault("16777216")
    long maxImagePixels();

    /** The largest batch (first dimension) a request may carry, unless a model's {@code max-batch-size} says otherwise. */
    @WithDefault("1024")
    int maxBatchSize();

    /**
     * Whether the service is ready only when every model in the repository is ready (Triton's strict
     * readiness). When false it is ready once every model has been tried, loaded or not.
     */
    @WithDefault("true")
    boolean strictReadiness();

    enum ExecutionProvider {
        AUTO, CUDA, CPU
    }
}
