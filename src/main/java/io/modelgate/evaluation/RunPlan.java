package io.modelgate.evaluation;

import io.modelgate.systems.TaskSystem;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.Task;

import java.time.Duration;
import java.util.List;

/**
 * A run checked and ready to start, not yet started: what {@link RunPlanner} hands {@link RunExecutor}.
 *
 * @param examples every example of the test set, answered or not; the executor skips those already answered
 * @param resumed  whether this continues an unfinished (or incomplete) run found on disk
 * @param limits   what this sitting may spend and how long an example may take
 */
public record RunPlan(RunSpec spec, Task task, TaskSystem system, List<Example> examples, boolean resumed, Limits limits) {

    /**
     * @param maxCost        US dollars this sitting's answers may cost before the run stops as incomplete; null: no limit
     * @param exampleTimeout how long one example may take before it counts as failed
     */
    public record Limits(Double maxCost, Duration exampleTimeout) {
    }
}
