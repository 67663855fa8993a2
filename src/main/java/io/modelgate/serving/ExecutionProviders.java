package io.modelgate.serving;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/**
 * Opens ONNX Runtime sessions on CUDA when asked for (or, in {@code auto}, when the GPU build of ONNX
 * Runtime is on the class path) and on the CPU otherwise, falling back to the CPU whenever CUDA fails:
 * with the GPU jar on a machine without CUDA, adding the CUDA provider throws "Failed to load shared
 * library". The provider that actually runs the session is what gets reported.
 */
@ApplicationScoped
public class ExecutionProviders {

    public static final String CUDA = "CUDAExecutionProvider";
    public static final String CPU = "CPUExecutionProvider";

    private static final Logger LOG = Logger.getLogger(ExecutionProviders.class);

    private final ModelRepositoryConfig config;
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();

    public ExecutionProviders(ModelRepositoryConfig config) {
        this.config = config;
    }

    /** A session and the provider it runs on. */
    public record OpenedSession(OrtSession session, String executionProvider) {
    }

    public OpenedSession open(Path onnxFile) throws OrtException {
        if (wantsCuda()) {
            try (OrtSession.SessionOptions options = baseOptions()) {
                options.addCUDA(config.cudaDeviceId());
                return new OpenedSession(environment.createSession(onnxFile.toString(), options), CUDA);
            } catch (OrtException | UnsatisfiedLinkError e) {
                LOG.warnf("CUDA is not usable for %s (%s); running it on the CPU", onnxFile, e.getMessage());
            }
        }
        try (OrtSession.SessionOptions options = baseOptions()) {
            return new OpenedSession(environment.createSession(onnxFile.toString(), options), CPU);
        }
    }

    public OrtEnvironment environment() {
        return environment;
    }

    private boolean wantsCuda() {
        return switch (config.executionProvider()) {
            case CPU -> false;
            case CUDA -> true;
            case AUTO -> OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        };
    }

    private OrtSession.SessionOptions baseOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (config.intraOpThreads() > 0) {
            options.setIntraOpNumThreads(config.intraOpThreads());
        }
        if (config.interOpThreads() > 0) {
            options.setInterOpNumThreads(config.interOpThreads());
        }
        return options;
    }
}
