package io.modelgate.systems;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Anything that answers a task: an ONNX model, a prompt bound to an LLM, a similarity function. The task API
 * and the benchmark runner use systems only through this interface, so one can be swapped for another.
 */
public interface TaskSystem {

    SystemInfo info();

    /**
     * Answers a batch of task instances, one prediction per instance in the same order, and says which
     * version of the system answered.
     *
     * @param instances JSON objects with the task's named input fields
     * @throws io.modelgate.errors.ApiException when an instance does not fit, or the system cannot answer now
     */
    Predictions predict(List<JsonNode> instances);
}
