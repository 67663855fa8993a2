package io.modelgate.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reconciles what {@code model.yaml} says about inputs and outputs with what the ONNX file has. The
 * file is the truth for names and datatypes; {@code model.yaml} may narrow a dimension of any size to
 * a fixed one and adds what ONNX cannot say (features, output kind, labels).
 */
final class ModelSignatures {

    private ModelSignatures() {
    }

    static ModelMetadata resolve(ModelConfig config, List<TensorSpec> onnxInputs, List<TensorSpec> onnxOutputs,
                                 int defaultMaxBatchSize, String executionProvider, String sha256,
                                 Map<String, String> onnxMetadata) throws ModelLoadException {
        checkApplicable(config);
        List<TensorSpec> inputs = merge("input", config.inputs(), onnxInputs);
        List<TensorSpec> outputs = merge("output", config.outputs(), onnxOutputs);
        for (TensorSpec input : inputs) {
            checkFeatures(input);
        }
        outputs = withPredictionKind(outputs, config.labels());
        int maxBatchSize = config.maxBatchSize() != null ? config.maxBatchSize() : defaultMaxBatchSize;
        if (maxBatchSize < 1) {
            throw new ModelLoadException("max-batch-size must be at least 1, got " + maxBatchSize);
        }
        return new ModelMetadata(config.name(), config.version(), config.task(), config.description(), inputs, outputs,
                config.labels(), maxBatchSize, executionProvider, sha256, onnxMetadata);
    }

    /** Keys that would be silently ignored where they stand are mistakes to report. */
    private static void checkApplicable(ModelConfig config) throws ModelLoadException {
        for (TensorConfig input : config.inputs()) {
            if (input.kind() != null) {
                throw new ModelLoadException("input '" + input.name() + "' has a kind; kind belongs to the first output");
            }
        }
        for (int i = 0; i < config.outputs().size(); i++) {
            TensorConfig output = config.outputs().get(i);
            if (!output.features().isEmpty() || output.allowNonFinite() || output.image() != null) {
                throw new ModelLoadException("output '" + output.name() + "' has features, image or allow-non-finite;"
                        + " those belong to inputs");
            }
            if (i > 0 && output.kind() != null) {
                throw new ModelLoadException("output '" + output.name() + "' has a kind, but only the first output"
                        + " (the prediction the task API reads) has one");
            }
        }
        if (!config.labels().isEmpty() && !config.outputs().isEmpty() && config.outputs().get(0).kind() == OutputKind.VALUE) {
            throw new ModelLoadException("model.yaml lists labels, but output '" + config.outputs().get(0).name()
                    + "' is of kind value: labels go with logits or probabilities");
        }
    }

    private static List<TensorSpec> merge(String role, List<TensorConfig> declared, List<TensorSpec> actual)
            throws ModelLoadException {
        if (declared.isEmpty()) {
            return actual;
        }
        Map<String, TensorSpec> byName = actual.stream().collect(Collectors.toMap(TensorSpec::name, Function.identity()));
        Set<String> seen = new HashSet<>();
        List<TensorSpec> merged = new ArrayList<>();
        for (TensorConfig tensor : declared) {
            TensorSpec onnx = byName.get(tensor.name());
            if (onnx == null) {
                throw new ModelLoadException("model.yaml names " + role + " '" + tensor.name()
                        + "', which the ONNX file does not have; it has " + byName.keySet());
            }
            if (!seen.add(tensor.name())) {
                throw new ModelLoadException("model.yaml names " + role + " '" + tensor.name() + "' twice");
            }
            merged.add(mergeOne(role, tensor, onnx));
        }
        Set<String> missing = new java.util.TreeSet<>(byName.keySet());
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            throw new ModelLoadException("model.yaml lists " + role + "s but not " + missing
                    + " of the ONNX file: list every " + role + " or none");
        }
        return merged;
    }

    private static TensorSpec mergeOne(String role, TensorConfig tensor, TensorSpec onnx) throws ModelLoadException {
        String where = role + " '" + tensor.name() + "'";
        if (tensor.datatype() != null && !tensor.datatype().equals(onnx.datatype().name())) {
            throw new ModelLoadException("model.yaml says " + where + " is " + tensor.datatype()
                    + " but the ONNX file has " + onnx.datatype());
        }
        long[] shape = onnx.shape();
        if (tensor.shape() != null) {
            long[] declared = tensor.shape().stream().mapToLong(Long::longValue).toArray();
            if (!narrows(declared, onnx.shape())) {
                throw new ModelLoadException("model.yaml gives " + where + " the shape " + text(declared)
                        + ", which does not fit the ONNX file's " + text(onnx.shape()));
            }
            shape = declared;
        }
        TensorSpec spec = new TensorSpec(tensor.name(), onnx.datatype(), shape, tensor.features(), tensor.kind(),
                tensor.allowNonFinite(), tensor.image());
        if (tensor.image() != null) {
            checkImage(spec);
        }
        return spec;
    }

    private static void checkImage(TensorSpec input) throws ModelLoadException {
        ImageConfig image = input.image();
        String where = "input '" + input.name() + "'";
        if (!input.datatype().isFloatingPoint() || input.shape().length != 4) {
            throw new ModelLoadException(where + " has an image, so it must be a floating-point [batch, …] tensor of rank 4;"
                    + " it is " + input.datatype() + text(input.shape()));
        }
        if (image.field() == null || image.width() == null || image.height() == null || image.width() < 1 || image.height() < 1) {
            throw new ModelLoadException(where + ": image needs 'field', 'width' and 'height'");
        }
        if (!image.layout().equals("nchw") && !image.layout().equals("nhwc")) {
            throw new ModelLoadException(where + ": image layout '" + image.layout() + "' is not nchw or nhwc");
        }
        long[] expected = image.channelsFirst() ? new long[]{3, image.height(), image.width()} : new long[]{image.height(), image.width(), 3};
        for (int i = 0; i < 3; i++) {
            long actual = input.shape()[i + 1];
            if (actual != -1 && actual != expected[i]) {
                throw new ModelLoadException(where + " has shape " + text(input.shape()) + ", which does not hold "
                        + image.layout() + " images of " + image.width() + "×" + image.height());
            }
        }
        if (image.mean().size() != 3 || image.std().size() != 3 || image.std().contains(0.0)) {
            throw new ModelLoadException(where + ": image mean and std need 3 values each, std none of them 0");
        }
    }

    private static boolean narrows(long[] declared, long[] onnx) {
        if (declared.length != onnx.length) {
            return false;
        }
        for (int i = 0; i < onnx.length; i++) {
            boolean fits = onnx[i] == -1 ? declared[i] == -1 || declared[i] > 0 : declared[i] == onnx[i];
            if (!fits) {
                return false;
            }
        }
        return true;
    }

    private static void checkFeatures(TensorSpec input) throws ModelLoadException {
        if (input.features().isEmpty()) {
            return;
        }
        String where = "input '" + input.name() + "'";
        if (input.shape().length != 2 || !input.datatype().isFloatingPoint() && input.datatype() != DataType.INT64
                && input.datatype() != DataType.INT32) {
            throw new ModelLoadException(where + " has features, so it must be a numeric [batch, columns] tensor; it is "
                    + input.datatype() + text(input.shape()));
        }
        Set<String> names = new HashSet<>();
        int width = 0;
        for (FeatureConfig feature : input.features()) {
            if (feature.name() == null || feature.name().isBlank()) {
                throw new ModelLoadException(where + " has a feature without a name");
            }
            if (!names.add(feature.name())) {
                throw new ModelLoadException(where + " names feature '" + feature.name() + "' twice");
            }
            if (feature.encoding() != FeatureConfig.Encoding.NUMBER && feature.categories().isEmpty()) {
                throw new ModelLoadException("feature '" + feature.name() + "' of " + where + " is encoded "
                        + feature.encoding().name().toLowerCase().replace('_', '-') + " but lists no categories");
            }
            width += feature.width();
        }
        long columns = input.shape()[1];
        if (columns != -1 && columns != width) {
            throw new ModelLoadException("the features of " + where + " fill " + width + " columns but its shape "
                    + text(input.shape()) + " has " + columns);
        }
    }

    private static List<TensorSpec> withPredictionKind(List<TensorSpec> outputs, List<String> labels)
            throws ModelLoadException {
        if (outputs.isEmpty()) {
            throw new ModelLoadException("the ONNX file has no outputs");
        }
        TensorSpec prediction = outputs.get(0);
        OutputKind kind = prediction.kind();
        if (kind == null) {
            if (!labels.isEmpty()) {
                throw new ModelLoadException("model.yaml lists labels, so output '" + prediction.name()
                        + "' needs kind: logits or probabilities");
            }
            kind = OutputKind.VALUE;
        }
        if (kind != OutputKind.VALUE) {
            if (labels.isEmpty()) {
                throw new ModelLoadException("output '" + prediction.name() + "' is of kind " + kind.name().toLowerCase()
                        + " but model.yaml lists no labels");
            }
            if (new HashSet<>(labels).size() != labels.size()) {
                throw new ModelLoadException("model.yaml lists a label twice: " + labels);
            }
            long classes = prediction.shape().length == 0 ? 1 : prediction.shape()[prediction.shape().length - 1];
            if (classes != -1 && classes != labels.size()) {
                throw new ModelLoadException("output '" + prediction.name() + "' has " + classes
                        + " classes in its last dimension but model.yaml lists " + labels.size() + " labels");
            }
        }
        if (!prediction.datatype().isFloatingPoint() && kind != OutputKind.VALUE) {
            throw new ModelLoadException("output '" + prediction.name() + "' holds " + kind.name().toLowerCase()
                    + " but is " + prediction.datatype() + "; expected FP16, FP32 or FP64");
        }
        List<TensorSpec> result = new ArrayList<>(outputs);
        result.set(0, new TensorSpec(prediction.name(), prediction.datatype(), prediction.shape(), List.of(), kind, false, null));
        return result;
    }

    static String text(long[] shape) {
        return Arrays.toString(shape).replace(" ", "");
    }
}
