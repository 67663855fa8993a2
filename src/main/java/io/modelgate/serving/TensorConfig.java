package io.modelgate.serving;

import java.util.List;

/**
 * One input or output in {@code model.yaml}.
 *
 * @param name           the tensor's name in the ONNX graph
 * @param datatype       its V2 datatype (FP32, INT64, BYTES, …); read from the ONNX file when absent
 * @param shape          its shape, -1 for a dimension of any size; read from the ONNX file when absent
 * @param features       inputs of tabular models: the named fields that fill the last dimension, in order
 * @param kind           outputs: what the numbers are (logits, probabilities, or a regression value)
 * @param allowNonFinite inputs: whether NaN and ±Infinity are accepted (default false)
 * @param image          inputs of image models: how the task API fills the input from an image field
 */
public record TensorConfig(
        String name,
        String datatype,
        List<Long> shape,
        List<FeatureConfig> features,
        OutputKind kind,
        Boolean allowNonFinite,
        ImageConfig image) {

    public TensorConfig {
        features = features == null ? List.of() : List.copyOf(features);
        allowNonFinite = allowNonFinite != null && allowNonFinite;
    }
}
