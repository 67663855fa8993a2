package io.modelgate.prompting.llm;

import dev.langchain4j.model.openai.internal.chat.ChatCompletionResponse;

import java.time.Duration;

/**
 * An LLM's answer and how it was obtained.
 *
 * @param llm      the LLM that answered: the one asked, or its fallback
 * @param retries  attempts beyond the first, over all LLMs tried
 * @param cacheHit whether the answer came from the on-disk cache instead of the LLM
 * @param latency  from the request to the answer, retries and their backoff included, waits for a
 *                 concurrency slot left out
 */
public record LlmAnswer(ChatCompletionResponse response, String llm, String model, int retries, boolean cacheHit,
                        Duration latency) {

    public String content() {
        return response.choices() == null || response.choices().isEmpty() ? null : response.content();
    }

    public int inputTokens() {
        return response.usage() == null || response.usage().promptTokens() == null ? 0 : response.usage().promptTokens();
    }

    public int outputTokens() {
        return response.usage() == null || response.usage().completionTokens() == null ? 0 : response.usage().completionTokens();
    }
}
