package io.modelgate.prompting.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.util.Map;

/** More LLMs by name: {@code modelgate.llms.<name>.base-url}, {@code .model}, {@code .api-key} … */
@ConfigMapping(prefix = "modelgate.llms")
public interface NamedLlmsConfig {

    @WithParentName
    Map<String, LlmSettings> llms();
}
