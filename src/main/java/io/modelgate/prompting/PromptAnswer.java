package io.modelgate.prompting;

import io.modelgate.prompting.llm.LlmAnswer;

/**
 * What an LLM answered to one rendered prompt, read as the task's output.
 *
 * @param label        the label it named (classification), or null
 * @param value        the number it gave within the task's range (regression), or null
 * @param llm          the LLM's answer as it came: raw text, tokens, latency, retries, cache hit
 * @param promptSha256 the SHA-256 of the rendered messages
 * @param cost         estimated US dollars, when the answering LLM has prices (0 for a cached answer)
 */
public record PromptAnswer(String label, Double value, LlmAnswer llm, String promptSha256, Double cost) {

    /** Whether the answer names no label, or no number in range: it counts against the prompt. */
    public boolean invalid() {
        return label == null && value == null;
    }
}
