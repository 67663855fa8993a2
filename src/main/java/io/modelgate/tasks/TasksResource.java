package io.modelgate.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.List;

/** {@code GET /api/tasks}: the tasks, their input schemas and their checked test sets. */
@Path("/api/tasks")
public class TasksResource {

    private final TaskRepository tasks;

    public TasksResource(TaskRepository tasks) {
        this.tasks = tasks;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskResponse(String name, String description, Task.Type type, List<TaskInput> inputs, String target,
                               List<String> labels, List<Double> targetRange, Task.NaiveBaseline naiveBaseline,
                               String primaryMetric, String source, List<FileResponse> testSets,
                               List<FileResponse> trainingSets, String problem) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileResponse(String name, int version, String file, String source, String from, String to,
                               String sha256, String description, boolean verified, String problem) {
    }

    @GET
    public List<TaskResponse> list() {
        return tasks.all().stream().map(TasksResource::response).toList();
    }

    @GET
    @Path("{task}")
    public TaskResponse get(@PathParam("task") String name) {
        return response(tasks.get(name));
    }

    private static TaskResponse response(TaskRepository.LoadedTask loaded) {
        if (loaded.task().isEmpty()) {
            return new TaskResponse(loaded.name(), null, null, null, null, null, null, null, null, null, null, null, loaded.problem());
        }
        Task task = loaded.task().get();
        return new TaskResponse(task.name(), task.description(), task.type(), task.inputs(), task.target(), task.labels(),
                task.targetRange().isEmpty() ? null : task.targetRange(), task.naiveBaseline(), task.primaryMetric(), task.source(), files(loaded, true), files(loaded, false), null);
    }

    private static List<FileResponse> files(TaskRepository.LoadedTask loaded, boolean testSets) {
        return loaded.files().stream().filter(check -> check.testSet() == testSets)
                .map(check -> new FileResponse(check.file().name(), check.file().version(), check.file().file(),
                        check.file().source(), check.file().from(), check.file().to(), check.file().sha256(),
                        check.file().description(), check.verified(), check.problem()))
                .toList();
    }
}
