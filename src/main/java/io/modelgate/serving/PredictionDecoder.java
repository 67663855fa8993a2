package io.modelgate.serving;

import io.modelgate.errors.InferenceFailedException;
import io.modelgate.systems.Prediction;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a model's prediction output as labels with scores (softmax of logits) or as values. */
final class PredictionDecoder {

    private PredictionDecoder() {
    }

    static List<Prediction> decode(ModelMetadata model, Tensor output, int rows) {
        TensorSpec spec = model.predictionOutput();
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
            default -> throw new IllegalStateException("cannot read predictions from a " + datatype + " output");
        };
    }
}
