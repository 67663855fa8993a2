package io.modelgate.systems;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.serving.VersionState;
import io.modelgate.tasks.TaskRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Every task system as a servable over the generic {@code instances} tensor (see {@link TaskSystemServable}).
 * Asked after the model repository, so a system that wraps a model is served as that model.
 */
@ApplicationScoped
public class TaskSystemServables implements ServableSource {

    private final SystemRegistry systems;
    private final TaskRepository tasks;
    private final ObjectMapper json;

    public TaskSystemServables(SystemRegistry systems, TaskRepository tasks, ObjectMapper json) {
        this.systems = systems;
        this.tasks = tasks;
        this.json = json;
    }

    @Override
    public int precedence() {
        return 100;
    }

    @Override
    public Optional<Servable> find(String name) {
        return systems.find(name).map(system -> new TaskSystemServable(system, tasks, json));
    }

    @Override
    public List<ServableStatus> index() {
        return systems.all().stream().map(TaskSystem::info)
                .map(info -> new ServableStatus(info.name(), info.version() == null ? "" : info.version(),
                        info.ready() ? VersionState.READY : VersionState.UNAVAILABLE, info.reason()))
                .toList();
    }
}
