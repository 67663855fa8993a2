package io.modelgate.prompting;

import io.modelgate.prompting.llm.LlmAnswer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an LLM answered to one rendered prompt, read as the task's output.
 *
 * @param label        the label it named (classification), or null
 * @param value        the number it gave within the task's range (regression), or null
 * @param scores       each label's probability ({@code logprobs}) or vote share ({@code self-consistency}); null in
 *                     the other modes, which give no scores
 * @param mode         how the answer was asked for and read
 * @param rawAnswer    the text as the LLM wrote it (the samples joined by {@code " | "} for self-consistency)
 * @param calls        the LLM's answers, one per request (self-consistency asks again when the server gives fewer
 *                     choices than asked)
 * @param promptSha256 the SHA-256 of the rendered messages
 * @param cost         estimated US dollars over all calls, when the answering LLM has prices (0 for cached ones)
 * @param agreement    self-consistency: the share of valid samples that gave the answer (for regression, that lie
 *                     within 10% of the range around the mean); null otherwise
 * @param noLabelMass  logprobs: the probability of the first token that went to no label; null otherwise
 * @param samples      how many answers were read (1 but for self-consistency)
 */
public record PromptAnswer(String label, Double value, Map<String, Double> scores, AnswerMode mode, String rawAnswer,
                           List<LlmAnswer> calls, String promptSha256, Double cost, Double agreement,
                           Double noLabelMass, int samples) {

    public PromptAnswer {
        calls = List.copyOf(calls);
        scores = scores == null ? null : Map.copyOf(scores);
    }

    /** Whether the answer names no label, or no number in range: it counts against the prompt. */
    public boolean invalid() {
        return label == null && value == null;
    }

    /** The LLM that answered the first call: the one asked, or its fallback. */
    public LlmAnswer first() {
        return calls.get(0);
    }

    public int inputTokens() {
        return calls.stream().mapToInt(LlmAnswer::inputTokens).sum();
    }

    public int outputTokens() {
        return calls.stream().mapToInt(LlmAnswer::outputTokens).sum();
    }

    public int retries() {
        return calls.stream().mapToInt(LlmAnswer::retries).sum();
    }

    public boolean cacheHit() {
        return calls.stream().allMatch(LlmAnswer::cacheHit);
    }

    /** From the first request to the last answer: the calls run one after the other. */
    public Duration latency() {
        return calls.stream().map(LlmAnswer::latency).reduce(Duration.ZERO, Duration::plus);
    }
}
