/**
 * Every prompt template bound to every configured LLM as a system named {@code <prompt>@<llm>}: instances
 * checked against the task, rendered and asked in parallel through {@link io.modelgate.prompting.PromptAsker},
 * answers turned into predictions with what the LLM call cost.
 * <p>
 * Must not know: ONNX, HTTP, runs.
 */
package io.modelgate.systems.prompt;
