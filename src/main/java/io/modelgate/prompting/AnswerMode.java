package io.modelgate.prompting;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a prompt asks for its answer and reads it (the {@code mode} of a prompt template). */
public enum AnswerMode {
    /** Free text, parsed: exactly one label, or one number in range. */
    @JsonProperty("text") TEXT("text"),
    /** {@code response_format: json_schema} with the task's labels as an enum, or a number within its range. */
    @JsonProperty("json_schema") JSON_SCHEMA("json_schema"),
    /** Each label's probability from the first answer token's top log-probabilities; no parsing. */
    @JsonProperty("logprobs") LOGPROBS("logprobs"),
    /** Several samples at a temperature above 0; the majority label (or the mean), the vote shares as scores. */
    @JsonProperty("self-consistency") SELF_CONSISTENCY("self-consistency");

    private final String label;

    AnswerMode(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
