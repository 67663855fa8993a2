package io.modelgate.prompting;

import io.modelgate.tasks.Task;
import io.quarkus.qute.Template;

import java.util.List;

/** A prompt ready to render: its configuration, its task, its parsed templates and its few-shot examples. */
public record Prompt(PromptConfig config, Task task, Template system, Template user, FewShotExamples fewShot, String sha256) {

    public String name() {
        return config.name();
    }
}
