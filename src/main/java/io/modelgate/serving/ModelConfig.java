package io.modelgate.serving;

import java.util.List;

/**
 * A model's {@code model.yaml}. Only {@code name} is required: inputs and outputs left out are read
 * from the ONNX file; those given must name every input (or output) of the file and agree with it.
 *
 * @param name          the model's name, equal to its folder's name
 * @param version       the version of an ONNX file at the folder's top (default 1); version folders
 *                      {@code <n>/} each hold a version of their own
 * @param task          the task the model answers (a folder under {@code tasks/}), if any
 * @param description   one line on what the model is
 * @param file          the ONNX file inside the folder or version folder (default {@code model.onnx})
 * @param inputs        the inputs, in the order the task API fills them
 * @param outputs       the outputs; the first one is the prediction the task API reads
 * @param labels        class labels in the order of the output's last dimension (classification)
 * @param maxBatchSize  the largest batch this model accepts; the server-wide limit when absent
 * @param dynamicBatching gathers single requests into one run when present
 * @param responseCache keeps answers by a hash of the request when present
 */
public record ModelConfig(
        String name,
        Long version,
        String task,
        String description,
        String file,
        List<TensorConfig> inputs,
        List<TensorConfig> outputs,
        List<String> labels,
        Integer maxBatchSize,
        DynamicBatchingConfig dynamicBatching,
        ResponseCacheConfig responseCache) {

    public static final String FILE_NAME = "model.yaml";
    public static final String DEFAULT_ONNX_FILE = "model.onnx";

    public ModelConfig {
        version = version == null ? 1L : version;
        description = description == null ? "" : description;
        file = file == null ? DEFAULT_ONNX_FILE : file;
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** This configuration for one version folder. */
    public ModelConfig withVersion(long newVersion) {
        return new ModelConfig(name, newVersion, task, description, file, inputs, outputs, labels, maxBatchSize,
                dynamicBatching, responseCache);
    }
}
