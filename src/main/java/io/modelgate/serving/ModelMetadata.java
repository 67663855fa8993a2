package io.modelgate.serving;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a loaded model version is: its configuration, its inputs and outputs as checked against the
 * ONNX file, the execution provider that actually runs it, the ONNX file's SHA-256 and the custom
 * metadata stored in the ONNX file (read by those who know what a model family puts there).
 */
public record ModelMetadata(String name, long version, String task, String description, List<TensorSpec> inputs,
                            List<TensorSpec> outputs, List<String> labels, int maxBatchSize, String executionProvider,
                            String sha256, Map<String, String> onnxMetadata) {

    public static final String PLATFORM = "onnxruntime_onnx";

    public ModelMetadata {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        labels = List.copyOf(labels);
        onnxMetadata = Map.copyOf(onnxMetadata);
    }

    public Optional<TensorSpec> input(String inputName) {
        return inputs.stream().filter(i -> i.name().equals(inputName)).findFirst();
    }

    public Optional<TensorSpec> output(String outputName) {
        return outputs.stream().filter(o -> o.name().equals(outputName)).findFirst();
    }

    /** The output the task API reads: the first one. */
    public TensorSpec predictionOutput() {
        return outputs.get(0);
    }
}
