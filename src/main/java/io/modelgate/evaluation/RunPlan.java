package io.modelgate.evaluation;

import io.modelgate.systems.TaskSystem;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.Task;

import java.util.List;

/**
 * A run checked and ready to start, not yet started: what {@link RunPlanner} hands {@link RunExecutor}.
 *
 * @param examples every example of the test set, answered or not; the executor skips those already answered
 * @param resumed  whether this continues an unfinished run found on disk
 */
public record RunPlan(RunSpec spec, Task task, TaskSystem system, List<Example> examples, boolean resumed) {
}
