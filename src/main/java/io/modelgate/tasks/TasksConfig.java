package io.modelgate.tasks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** Where task definitions live. */
@ConfigMapping(prefix = "modelgate.tasks")
public interface TasksConfig {

    /** The folder holding one folder per task, each with a task.yaml ({@code MODELGATE_TASKS_DIR}). */
    @WithDefault("tasks")
    Path dir();
}
