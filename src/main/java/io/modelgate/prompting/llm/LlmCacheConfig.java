package io.modelgate.prompting.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** The on-disk cache of LLM answers, keyed by LLM, model, rendered prompt and parameters. */
@ConfigMapping(prefix = "modelgate.llm-cache")
public interface LlmCacheConfig {

    /** Whether answers are cached; off by default, so every request reaches the LLM. */
    @WithDefault("false")
    boolean enabled();

    /** Where cached answers are kept, one JSON file per key. */
    @WithDefault("results/llm-cache")
    Path dir();
}
