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

    /**
     * The most one call may take, every attempt, backoff and wait for a slot together (a fallback gets what is
     * left); past it the call ends as a timeout (504).
     */
    @WithDefault("90s")
    Duration deadline();

    /** Requests sent to this LLM at once; further ones wait, at most {@code max-slot-wait}. */
    @WithDefault("4")
    int maxConcurrency();

    /** The longest a request waits for one of the LLM's concurrency slots before it is refused as busy (503). */
    @WithDefault("10s")
    Duration maxSlotWait();

    /**
     * Slots of {@code max-concurrency} that runs may not take, kept for interactive calls (predicts, chat
     * completions), so that a run never starves them; runs get at least one slot.
     */
    @WithDefault("1")
    int interactiveSlots();

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
