package io.modelgate.serving;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a model's prediction output holds, which decides how the task API reads it. */
public enum OutputKind {
    /** Unnormalised class scores: the task API applies softmax. */
    @JsonProperty("logits") LOGITS,
    /** Class probabilities that already sum to 1. */
    @JsonProperty("probabilities") PROBABILITIES,
    /** A regression value per row. */
    @JsonProperty("value") VALUE
}
