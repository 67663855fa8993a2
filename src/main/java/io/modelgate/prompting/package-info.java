/**
 * Prompts: templates ({@code prompts/<name>.yaml}) with their task, messages, output parsing and few-shot
 * examples from the training split; rendering one instance into a chat request; asking an LLM and reading its
 * answer as the task's output ({@link io.modelgate.prompting.PromptAsker}, the entry point); {@code /api/llms}
 * and the OpenAI-compatible gateway {@code /v1/chat/completions}.
 * <p>
 * Must not know: ONNX, systems, runs. A spectrum field is shown to the LLM through the spectrum formats only.
 */
package io.modelgate.prompting;
