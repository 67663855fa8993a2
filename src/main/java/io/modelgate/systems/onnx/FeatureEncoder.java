package io.modelgate.systems.onnx;

import io.modelgate.serving.DataType;
import io.modelgate.serving.FeatureConfig;
import io.modelgate.serving.ModelMetadata;
import io.modelgate.serving.Tensor;
import io.modelgate.serving.TensorSpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.tasks.InstanceValidator;
import io.modelgate.tasks.Task;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns task instances (named fields) into a tabular model's input tensor, one row per instance, in
 * the feature order and with the categorical encodings of {@code model.yaml}.
 */
final class FeatureEncoder {

    private FeatureEncoder() {
    }

    static Tensor encode(ModelMetadata model, Optional<Task> task, List<JsonNode> instances, InstanceValidator validator) {
        TensorSpec input = featuredInput(model);
        Set<String> features = input.features().stream().map(FeatureConfig::name).collect(Collectors.toSet());
        int width = input.features().stream().mapToInt(FeatureConfig::width).sum();
        if (instances.size() > model.maxBatchSize()) {
            throw new InvalidInputException("at most " + model.maxBatchSize() + " instances per request for model '"
                    + model.name() + "', got " + instances.size());
        }
        ByteBuffer buffer = Tensor.allocate(input.datatype(), (long) instances.size() * width);
        for (int row = 0; row < instances.size(); row++) {
            JsonNode instance = instances.get(row);
            if (task.isPresent()) {
                validator.validate(task.get(), row, instance, features);
            } else {
                checkKnown(model, row, instance, features);
            }
            int column = 0;
            for (FeatureConfig feature : input.features()) {
                column = write(input.datatype(), buffer, row * width, column, row, feature, instance.get(feature.name()));
            }
        }
        return Tensor.numeric(input.name(), input.datatype(), new long[]{instances.size(), width}, buffer);
    }

    private static TensorSpec featuredInput(ModelMetadata model) {
        if (model.inputs().size() != 1 || model.inputs().get(0).features().isEmpty()) {
            throw new InvalidInputException("model '" + model.name() + "' takes tensors, not named fields: model.yaml "
                    + "gives its inputs no features; send tensors to POST /v2/models/" + model.name() + "/infer");
        }
        return model.inputs().get(0);
    }

    private static void checkKnown(ModelMetadata model, int row, JsonNode instance, Set<String> features) {
        instance.fieldNames().forEachRemaining(name -> {
            if (!features.contains(name)) {
                throw new InvalidInputException("instances[" + row + "]: unknown field '" + name + "' for model '"
                        + model.name() + "'; expected fields: " + features);
            }
        });
    }

    /** Writes one feature's columns of one row; returns the next column. */
    private static int write(DataType datatype, ByteBuffer buffer, int rowStart, int column, int row,
                             FeatureConfig feature, JsonNode value) {
        String where = "instances[" + row + "]." + feature.name();
        if (value == null || value.isNull()) {
            throw new InvalidInputException("instances[" + row + "]: missing field '" + feature.name() + "' ("
                    + (feature.encoding() == FeatureConfig.Encoding.NUMBER ? "a number" : "one of " + feature.categories()) + ")");
        }
        switch (feature.encoding()) {
            case NUMBER -> {
                if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                    throw new InvalidInputException(where + ": expected a finite number, got " + value);
                }
                put(datatype, buffer, rowStart + column, value.doubleValue());
                return column + 1;
            }
            case ONE_HOT -> {
                int category = category(where, feature, value);
                for (int i = 0; i < feature.categories().size(); i++) {
                    put(datatype, buffer, rowStart + column + i, i == category ? 1 : 0);
                }
                return column + feature.categories().size();
            }
            case ORDINAL -> {
                put(datatype, buffer, rowStart + column, category(where, feature, value));
                return column + 1;
            }
            default -> throw new IllegalStateException("unknown encoding " + feature.encoding());
        }
    }

    private static int category(String where, FeatureConfig feature, JsonNode value) {
        int index = value.isTextual() ? feature.categories().indexOf(value.textValue()) : -1;
        if (index < 0) {
            throw new InvalidInputException(where + ": expected one of " + feature.categories() + ", got " + value);
        }
        return index;
    }

    private static void put(DataType datatype, ByteBuffer buffer, int element, double value) {
        switch (datatype) {
            case FP16 -> buffer.putShort(element * 2, ai.onnxruntime.platform.Fp16Conversions.floatToFp16((float) value));
            case FP32 -> buffer.putFloat(element * 4, (float) value);
            case FP64 -> buffer.putDouble(element * 8, value);
            case INT32 -> buffer.putInt(element * 4, (int) Math.round(value));
            case INT64 -> buffer.putLong(element * 8, Math.round(value));
            default -> throw new IllegalStateException("features cannot fill a " + datatype + " input");
        }
    }
}
