package io.modelgate.prompting.llm;

import io.smallrye.config.ConfigMapping;

/**
 * The LLM named {@code default}: {@code MODELGATE_LLM_BASE_URL}, {@code MODELGATE_LLM_MODEL},
 * {@code MODELGATE_LLM_API_KEY} and the other keys of {@link LlmSettings} under {@code modelgate.llm}.
 */
@ConfigMapping(prefix = "modelgate.llm")
public interface DefaultLlmConfig extends LlmSettings {
}
