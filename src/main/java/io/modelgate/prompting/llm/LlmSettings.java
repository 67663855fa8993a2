package io.modelgate.prompting.llm;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/** How to reach one LLM through its OpenAI-compatible API, and how hard to try. */
public interface LlmSettings {

    /** The API's base URL, ending in {@code /v1} (OpenAI, vLLM, Ollama, llama.cpp server, LM Studio). */
    Optional<String> baseUrl();

    /** The model name the API knows, e.g. {@code gpt-4o-mini} or {@code llama3.2}. */
    Optional<String> model();

    /** The API key, sent as a bearer token; never logged or shown. */
    Optional<String> apiKey();

    /** How long one attempt may take before it counts as a timeout. */
    @WithDefault("60s")
    Duration timeout();

    /** Requests sent to this LLM at once; further ones wait. */
    @WithDefault("4")
    int maxConcurrency();

    /** Retries after a 429, a 5xx, a timeout or a broken connection (0 = no retry). */
    @WithDefault("3")
    int maxRetries();

    /** The wait before the first retry; it doubles with each retry, with jitter, up to {@code max-backoff}. */
    @WithDefault("500ms")
    Duration initialBackoff();

    /** The longest wait between retries, also the most a {@code Retry-After} header is honoured. */
    @WithDefault("30s")
    Duration maxBackoff();

    /** Another configured LLM that answers when this one has failed after its retries. */
    Optional<String> fallback();

    /** Price of a million input (prompt) tokens, in US dollars, for the cost estimate. */
    OptionalDouble inputPricePerMillion();

    /** Price of a million output (completion) tokens, in US dollars, for the cost estimate. */
    OptionalDouble outputPricePerMillion();
}
