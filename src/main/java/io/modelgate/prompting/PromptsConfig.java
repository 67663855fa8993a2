package io.modelgate.prompting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** Where prompt templates live. */
@ConfigMapping(prefix = "modelgate.prompts")
public interface PromptsConfig {

    /** The folder of {@code <name>.yaml} prompt templates ({@code MODELGATE_PROMPTS_DIR}). */
    @WithDefault("prompts")
    Path dir();

    /** The most instances one request to a prompt system may carry (each is one LLM request). */
    @WithDefault("100")
    int maxInstances();
}
