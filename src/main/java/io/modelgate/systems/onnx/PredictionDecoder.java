package io.modelgate.systems.onnx;

import io.modelgate.serving.DataType;
import io.modelgate.serving.ModelMetadata;
import io.modelgate.serving.Tensor;
import io.modelgate.serving.TensorSpec;

import io.modelgate.errors.InferenceFailedException;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.systems.Prediction;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a model's prediction output as labels with scores (softmax of logits) or as values. */
final class PredictionDecoder {

    private static final Set<DataType> READABLE = EnumSet.of(DataType.FP16, DataType.FP32, DataType.FP64,
            DataType.INT32, DataType.INT64);

    private PredictionDecoder() {
    }

    static List<Prediction> decode(ModelMetadata model, Tensor output, int rows) {
        TensorSpec spec = model.predictionOutput();
        if (!READABLE.contains(output.datatype())) {
            throw new InvalidInputException("the task API reads predictions from FP16, FP32, FP64, INT32 or INT64 outputs,"
                    + " but output '" + output.name() + "' of model '" + model.name() + "' is " + output.datatype()
                    + "; send tensors to POST /v2/models/" + model.name() + "/infer");
        }
        long elements = output.elementCount();
        if (rows == 0 || elements % rows != 0) {
            throw new InferenceFailedException("model '" + model.name() + "' returned " + elements + " values in '"
                    + output.name() + "' for " + rows + " instances", null);
        }
        int perRow = (int) (elements / rows);
        List<Prediction> predictions = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            double[] values = new double[perRow];
            for (int i = 0; i < perRow; i++) {
                values[i] = read(output.datatype(), output.buffer(), row * perRow + i);
            }
            predictions.add(switch (spec.kind()) {
                case VALUE -> Prediction.value(values[0]);
                case LOGITS -> classify(model.labels(), softmax(values));
                case PROBABILITIES -> classify(model.labels(), values);
            });
        }
        return predictions;
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        double[] probabilities = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] = Math.exp(logits[i] - max);
            sum += probabilities[i];
        }
        for (int i = 0; i < logits.length; i++) {
            probabilities[i] /= sum;
        }
        return probabilities;
    }

    private static Prediction classify(List<String> labels, double[] probabilities) {
        Map<String, Double> scores = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < probabilities.length; i++) {
            scores.put(labels.get(i), probabilities[i]);
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return Prediction.label(labels.get(best), scores);
    }

    private static double read(DataType datatype, ByteBuffer buffer, int element) {
        return switch (datatype) {
            case FP16 -> ai.onnxruntime.platform.Fp16Conversions.fp16ToFloat(buffer.getShort(element * 2));
            case FP32 -> buffer.getFloat(element * 4);
            case FP64 -> buffer.getDouble(element * 8);
            case INT32 -> buffer.getInt(element * 4);
            case INT64 -> buffer.getLong(element * 8);
            default -> throw new IllegalStateException("unreachable: decode checks the datatype first");
        };
    }
}
