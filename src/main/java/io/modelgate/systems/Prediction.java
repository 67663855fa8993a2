package io.modelgate.systems;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * One answer of a system: a label with a score per label (classification) or a value (regression).
 * A prompt system's answer that names no label, or no number in range, is {@code invalid} with no
 * label or value; {@code usage} then says what the LLM wrote and what it cost. Every prediction has a
 * usage, {@link Usage#NONE} for a system that measures none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String label, Map<String, Double> scores, Double value, Boolean invalid,
                         @JsonProperty("llm")
                         @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Usage.NoneFilter.class)
                         Usage usage) {

    public Prediction {
        usage = usage == null ? Usage.NONE : usage;
    }

    public static Prediction label(String label, Map<String, Double> scores) {
        return new Prediction(label, scores, null, null, Usage.NONE);
    }

    public static Prediction value(double value) {
        return new Prediction(null, null, value, null, Usage.NONE);
    }
}
