package io.modelgate.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * What a system answered for one test example: one line of a run's per-example file.
 *
 * @param truth     the test set's answer: a label, or a number written as text
 * @param predicted the system's label, or its value as text; null when the answer was invalid
 * @param latencyMs the time of the request the example was part of, divided by its batch size
 * @param invalid   the system answered, but named no label or number in range: counts against the system
 * @param error     why the system gave no answer at all (it threw: an outage, a timeout, an instance it refused):
 *                  a failed example, never scored, asked again when the run is resumed
 * @param scores    each label's probability, when the system gives them (ONNX classifiers, prompts in the
 *                  {@code logprobs} and {@code self-consistency} modes); null otherwise, and in answer files
 *                  written before scores were kept
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExampleResult(String id, String truth, String predicted, boolean invalid, double latencyMs,
                            int inputTokens, int outputTokens, Double cost, String rawAnswer, String error,
                            Map<String, Double> scores) {

    /** An answer without label probabilities. */
    public ExampleResult(String id, String truth, String predicted, boolean invalid, double latencyMs,
                         int inputTokens, int outputTokens, Double cost, String rawAnswer, String error) {
        this(id, truth, predicted, invalid, latencyMs, inputTokens, outputTokens, cost, rawAnswer, error, null);
    }

    /** The system gave no answer (see {@code error}); such an example is left out of every score. */
    public boolean failed() {
        return error != null;
    }

    public boolean correct() {
        return !invalid && predicted != null && predicted.equals(truth);
    }
}
