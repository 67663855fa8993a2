package io.modelgate.prompting.llm;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What {@code GET /api/llms} shows of an LLM: never its API key, only whether it has one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LlmInfo(String name, String baseUrl, String model, boolean apiKeySet, boolean configured,
                      long timeoutMs, int maxConcurrency, int maxRetries, String fallback,
                      Double inputPricePerMillion, Double outputPricePerMillion, String problem) {
}
