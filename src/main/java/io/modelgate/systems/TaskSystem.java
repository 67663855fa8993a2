package io.modelgate.systems;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
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

    /**
     * Answers a batch instance by instance where the system can, handing each answer (or why there is none)
     * to {@code sink} as soon as it is known; it returns when every instance it asked has been reported.
     * Instances not yet asked when {@code sink} says {@link AnswerSink#stopped() stopped} are not asked and
     * not reported. The default asks {@link #predict} for the whole batch at once (a model answers a batch in
     * milliseconds) and reports every instance from it, or the failure for each.
     *
     * @param deadline how long one instance may take before it is reported failed; a system that answers the
     *                 batch at once does not enforce it
     */
    default void answerEach(List<JsonNode> instances, Duration deadline, AnswerSink sink) {
        if (sink.stopped()) {
            return;
        }
        Predictions answer;
        try {
            answer = predict(instances);
        } catch (RuntimeException e) {
            for (int i = 0; i < instances.size(); i++) {
                sink.failed(i, e);
            }
            return;
        }
        for (int i = 0; i < instances.size(); i++) {
            sink.answered(i, answer.predictions().get(i));
        }
    }
}
