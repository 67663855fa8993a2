package io.modelgate.serving;

import java.util.Arrays;
import java.util.List;

/**
 * An input or output of a loaded model, as checked against the ONNX file: what requests must match.
 *
 * @param shape -1 marks a dimension of any size
 */
public record TensorSpec(String name, DataType datatype, long[] shape, List<FeatureConfig> features,
                         OutputKind kind, boolean allowNonFinite, ImageConfig image) {

    public TensorSpec {
        features = List.copyOf(features);
    }

    /** Whether the first dimension is the batch: a dimension of any size. */
    public boolean batched() {
        return shape.length > 0 && shape[0] == -1;
    }

    public boolean accepts(long[] requested) {
        if (requested.length != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != -1 && shape[i] != requested[i]) {
                return false;
            }
        }
        return true;
    }

    public String shapeText() {
        return Arrays.toString(shape).replace(" ", "");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorSpec t && name.equals(t.name) && datatype == t.datatype && Arrays.equals(shape, t.shape)
                && features.equals(t.features) && kind == t.kind && allowNonFinite == t.allowNonFinite
                && java.util.Objects.equals(image, t.image);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
