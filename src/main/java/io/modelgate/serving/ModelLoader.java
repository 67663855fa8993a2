package io.modelgate.serving;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.modelgate.data.Sha256;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Opens one model version: the session, its checked inputs and outputs, and one warm-up inference. */
@ApplicationScoped
public class ModelLoader {

    private final ExecutionProviders executionProviders;
    private final ModelRepositoryConfig config;

    public ModelLoader(ExecutionProviders executionProviders, ModelRepositoryConfig config) {
        this.executionProviders = executionProviders;
        this.config = config;
    }

    public OnnxModel load(ModelConfig modelConfig, Path onnxFile) throws ModelLoadException {
        if (!Files.isRegularFile(onnxFile)) {
            throw new ModelLoadException("the ONNX file " + onnxFile + " is missing");
        }
        ExecutionProviders.OpenedSession opened;
        try {
            opened = executionProviders.open(onnxFile);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load " + onnxFile + ": " + e.getMessage(), e);
        }
        OrtSession session = opened.session();
        try {
            ModelMetadata metadata = ModelSignatures.resolve(modelConfig, specs("input", session.getInputInfo()),
                    specs("output", session.getOutputInfo()), config.maxBatchSize(), opened.executionProvider(),
                    Sha256.of(onnxFile), session.getMetadata().getCustomMetadata());
            OnnxModel model = new OnnxModel(metadata, session, executionProviders.environment(), config.maxConcurrency(),
                    BatchingPolicy.resolve(modelConfig, metadata), ResponseCache.of(modelConfig));
            warmUp(model);
            model.startBatching();
            return model;
        } catch (ModelLoadException | OrtException | IOException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException loadException) {
                throw loadException;
            }
            throw new ModelLoadException("ONNX Runtime failed on " + onnxFile + ": " + e.getMessage(), e);
        }
    }

    private static List<TensorSpec> specs(String role, Map<String, NodeInfo> nodes) throws ModelLoadException {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new ModelLoadException(role + " '" + node.getName() + "' is not a tensor (" + node.getInfo()
                        + "); modelgate serves tensor inputs and outputs only");
            }
            DataType datatype = DataType.ofOnnx(info.onnxType).orElseThrow(() -> new ModelLoadException(
                    role + " '" + node.getName() + "' is " + DataType.v2Name(info.onnxType)
                            + ", which ONNX Runtime's Java API cannot carry"));
            long[] shape = Arrays.stream(info.getShape()).map(d -> d < 0 ? -1 : d).toArray();
            specs.add(new TensorSpec(node.getName(), datatype, shape, List.of(), null, false, null));
        }
        return specs;
    }

    /** One inference on zeros (empty strings for BYTES), so the first real request does not pay for set-up. */
    private static void warmUp(OnnxModel model) throws ModelLoadException {
        List<Tensor> inputs = new ArrayList<>();
        for (TensorSpec input : model.metadata().inputs()) {
            long[] shape = Arrays.stream(input.shape()).map(d -> d == -1 ? 1 : d).toArray();
            long elements = Tensor.elementCount(shape);
            inputs.add(input.datatype() == DataType.BYTES
                    ? Tensor.strings(input.name(), shape, Collections.nCopies(Math.toIntExact(elements), ""))
                    : Tensor.numeric(input.name(), input.datatype(), shape, Tensor.allocate(input.datatype(), elements)));
        }
        try {
            model.run(inputs, List.of());
        } catch (OrtException | RuntimeException e) {
            throw new ModelLoadException("the warm-up inference failed: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // The load already failed; the reason that matters is the one being thrown.
        }
    }
}
