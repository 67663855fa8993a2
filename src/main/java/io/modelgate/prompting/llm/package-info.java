/**
 * The LLM gateway over quarkus-langchain4j's OpenAI client: the configured LLMs by name, per-LLM concurrency,
 * timeouts, retries honouring {@code Retry-After}, a fallback LLM, the answer cache, LLM metrics and the
 * redaction of keys from every message.
 * <p>
 * Must not know: prompts, tasks, systems.
 */
package io.modelgate.prompting.llm;
