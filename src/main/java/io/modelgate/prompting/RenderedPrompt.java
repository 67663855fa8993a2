package io.modelgate.prompting;

import dev.langchain4j.model.openai.internal.chat.ChatCompletionRequest;

/** A prompt rendered for one instance: the chat request, and the SHA-256 of its messages (recorded with the answer). */
public record RenderedPrompt(ChatCompletionRequest request, String sha256) {
}
