package io.modelgate.serving;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelSignaturesTest {

    private static final List<TensorSpec> ONNX_INPUTS = List.of(
            new TensorSpec("features", DataType.FP32, new long[]{-1, 4}, List.of(), null, false, null));
    private static final List<TensorSpec> ONNX_OUTPUTS = List.of(
            new TensorSpec("logits", DataType.FP32, new long[]{-1, 3}, List.of(), null, false, null));

    private static ModelConfig config(List<TensorConfig> inputs, List<TensorConfig> outputs, List<String> labels) {
        return new ModelConfig("m", 1L, null, null, null, inputs, outputs, labels, null, null, null);
    }

    private static TensorConfig input(String name, String datatype, List<Long> shape, List<FeatureConfig> features) {
        return new TensorConfig(name, datatype, shape, features, null, false, null);
    }

    private static TensorConfig logits() {
        return new TensorConfig("logits", null, null, null, OutputKind.LOGITS, false, null);
    }

    static Stream<Arguments> mismatches() {
        List<String> labels = List.of("a", "b", "c");
        return Stream.of(
                Arguments.of("input the file lacks", config(List.of(input("x", null, null, null)), List.of(logits()), labels),
                        "model.yaml names input 'x', which the ONNX file does not have; it has [features]"),
                Arguments.of("datatype differs", config(List.of(input("features", "FP64", null, null)), List.of(logits()), labels),
                        "model.yaml says input 'features' is FP64 but the ONNX file has FP32"),
                Arguments.of("shape does not fit", config(List.of(input("features", null, List.of(-1L, 5L), null)), List.of(logits()), labels),
                        "model.yaml gives input 'features' the shape [-1,5], which does not fit the ONNX file's [-1,4]"),
                Arguments.of("features too wide", config(List.of(input("features", null, null,
                                List.of(FeatureConfig.number("a"), new FeatureConfig("b", FeatureConfig.Encoding.ONE_HOT, List.of("x", "y", "z", "w"))))),
                                List.of(logits()), labels),
                        "the features of input 'features' fill 5 columns but its shape [-1,4] has 4"),
                Arguments.of("categorical without categories", config(List.of(input("features", null, null,
                                List.of(new FeatureConfig("b", FeatureConfig.Encoding.ORDINAL, List.of())))), List.of(logits()), labels),
                        "feature 'b' of input 'features' is encoded ordinal but lists no categories"),
                Arguments.of("labels do not match classes", config(List.of(), List.of(logits()), List.of("a", "b")),
                        "output 'logits' has 3 classes in its last dimension but model.yaml lists 2 labels"),
                Arguments.of("logits without labels", config(List.of(), List.of(logits()), List.of()),
                        "output 'logits' is of kind logits but model.yaml lists no labels"),
                Arguments.of("labels without kind", config(List.of(), List.of(), labels),
                        "model.yaml lists labels, so output 'logits' needs kind: logits or probabilities"),
                Arguments.of("labels with a value", config(List.of(), List.of(new TensorConfig("logits", null, null, null, OutputKind.VALUE, false, null)), labels),
                        "model.yaml lists labels, but output 'logits' is of kind value: labels go with logits or probabilities"),
                Arguments.of("kind on an input", config(List.of(new TensorConfig("features", null, null, null, OutputKind.VALUE, false, null)), List.of(logits()), labels),
                        "input 'features' has a kind; kind belongs to the first output"),
                Arguments.of("features on an output", config(List.of(), List.of(new TensorConfig("logits", null, null, List.of(FeatureConfig.number("a")), OutputKind.LOGITS, false, null)), labels),
                        "output 'logits' has features, image or allow-non-finite; those belong to inputs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mismatches")
    void modelYamlThatDisagreesWithTheOnnxFileIsRefused(String what, ModelConfig config, String reason) {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ModelSignatures.resolve(config, ONNX_INPUTS, ONNX_OUTPUTS, 64, "CPUExecutionProvider", "0".repeat(64), java.util.Map.of()));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void modelYamlMayFixADimensionOfAnySize() throws ModelLoadException {
        ModelMetadata metadata = ModelSignatures.resolve(
                config(List.of(input("features", "FP32", List.of(8L, 4L), null)), List.of(logits()), List.of("a", "b", "c")),
                ONNX_INPUTS, ONNX_OUTPUTS, 64, "CPUExecutionProvider", "0".repeat(64), java.util.Map.of());
        assertArrayEquals(new long[]{8, 4}, metadata.inputs().get(0).shape());
        assertEquals(OutputKind.LOGITS, metadata.predictionOutput().kind());
    }

    @Test
    void withoutInputsAndOutputsTheOnnxFileSpeaksAndTheOutputIsAValue() throws ModelLoadException {
        ModelMetadata metadata = ModelSignatures.resolve(config(List.of(), List.of(), List.of()), ONNX_INPUTS, ONNX_OUTPUTS,
                64, "CPUExecutionProvider", "0".repeat(64), java.util.Map.of());
        assertEquals(ONNX_INPUTS, metadata.inputs());
        assertEquals(OutputKind.VALUE, metadata.predictionOutput().kind());
        assertEquals(64, metadata.maxBatchSize());
    }
}
