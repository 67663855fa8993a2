package io.modelgate.systems;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * One answer of a system: a label with a score per label (classification) or a value (regression).
 * A prompt system's answer that names no label, or no number in range, is {@code invalid} with no
 * label or value; {@code llm} then says what the LLM wrote and what it cost.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Prediction(String label, Map<String, Double> scores, Double value, Boolean invalid, LlmCall llm) {

    public static Prediction label(String label, Map<String, Double> scores) {
        return new Prediction(label, scores, null, null, null);
    }

    public static Prediction value(double value) {
        return new Prediction(null, null, value, null, null);
    }

    /**
     * How an LLM gave an answer.
     *
     * @param llm          the LLM that answered: the one asked, or its fallback
     * @param rawAnswer    the text as the LLM wrote it
     * @param latencyMs    from request to answer, retries included
     * @param cost         estimated US dollars, when prices are configured
     * @param promptSha256 the SHA-256 of the rendered messages
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LlmCall(String llm, String model, String rawAnswer, int inputTokens, int outputTokens, double latencyMs,
                          Double cost, boolean cacheHit, int retries, String promptSha256) {
    }
}
