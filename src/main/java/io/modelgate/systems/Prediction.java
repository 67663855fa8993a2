package io.modelgate.systems;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * One answer of a system: a label with a score per label (classification) or a value (regression).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String label, Map<String, Double> scores, Double value) {

    public static Prediction label(String label, Map<String, Double> scores) {
        return new Prediction(label, scores, null);
    }

    public static Prediction value(double value) {
        return new Prediction(null, null, value);
    }
}
