package io.modelgate.systems;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one answer took, for any kind of system: tokens, cost, latency, whether a cache answered, and the
 * answer as the system wrote it. A system that measures none of it (an ONNX model) gives {@link #NONE};
 * callers read the fields without asking which kind of system answered.
 *
 * <p>The task API writes it as a prediction's {@code "llm"} object, with the keys it has always had, and
 * leaves it out when it is {@link #NONE}.
 *
 * @param answeredBy   the service that answered: for a prompt, the LLM asked or its fallback
 * @param rawAnswer    the text as the system wrote it, before it was parsed into a label or value
 * @param latencyMs    from request to answer, retries included; null when the system does not time its answers
 * @param cost         estimated US dollars, when prices are configured
 * @param inputSha256  the SHA-256 of the input as sent (a prompt's rendered messages)
 * @param mode         how the answer was asked for and read (a prompt's answer mode: text, json_schema, logprobs,
 *                     self-consistency); null for systems without modes
 * @param agreement    the share of samples that agreed with the answer, for systems that sample several
 * @param noLabelMass  the probability the system gave to no label, for systems that score labels by probability
 * @param samples      how many answers were sampled, when more than one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Usage(@JsonProperty("llm") String answeredBy, String model, String rawAnswer, int inputTokens,
                    int outputTokens, Double latencyMs, Double cost, boolean cacheHit, int retries,
                    @JsonProperty("prompt_sha256") String inputSha256, String mode, Double agreement,
                    Double noLabelMass, Integer samples) {

    public static final Usage NONE = new Usage(null, null, null, 0, 0, null, null, false, 0, null, null, null, null, null);

    public boolean isNone() {
        return equals(NONE);
    }

    /**
     * Jackson's filter that leaves {@link #NONE} out of the JSON: Jackson calls {@code equals} with the
     * value and omits it when that returns true.
     */
    public static final class NoneFilter {
        @Override
        public boolean equals(Object value) {
            return value == null || NONE.equals(value);
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
