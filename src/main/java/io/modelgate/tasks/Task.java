package io.modelgate.tasks;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Optional;

/**
 * A question with a fixed input schema and output type, read from {@code tasks/<name>/task.yaml}.
 *
 * @param inputs        the fields of one instance, in the order they are shown to people and prompts
 * @param target        the field of a test-set row that holds the true answer
 * @param labels        the label set (classification)
 * @param targetRange   regression: the smallest and largest plausible answer; answers outside are invalid
 * @param naiveBaseline regression: the answer that takes no learning (e.g. "tomorrow = today"), scored beside every run
 * @param primaryMetric the metric a leaderboard sorts by
 * @param source        the data set (a name in {@code data/manifest.yaml}) the splits were made from
 * @param testSets      examples that are never trained on, nor used as few-shot examples
 * @param trainingSets  examples a model was trained on; few-shot examples come from here
 */
public record Task(String name, String description, Type type, List<TaskInput> inputs, String target,
                   List<String> labels, List<Double> targetRange, NaiveBaseline naiveBaseline, String primaryMetric, String source, List<DataSetFile> testSets,
                   List<DataSetFile> trainingSets) {

    public static final String FILE_NAME = "task.yaml";

    public enum Type {
        @JsonProperty("classification") CLASSIFICATION,
        @JsonProperty("regression") REGRESSION,
        @JsonProperty("similarity") SIMILARITY
    }

    public Task {
        description = description == null ? "" : description;
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        labels = labels == null ? List.of() : List.copyOf(labels);
        targetRange = targetRange == null ? List.of() : List.copyOf(targetRange);
        if (!targetRange.isEmpty() && (targetRange.size() != 2 || targetRange.get(0) > targetRange.get(1))) {
            throw new IllegalArgumentException("target-range must be [smallest, largest], got " + targetRange);
        }
        testSets = testSets == null ? List.of() : List.copyOf(testSets);
        trainingSets = trainingSets == null ? List.of() : List.copyOf(trainingSets);
    }

    /**
     * A regression task's naive baseline: predict the value of one of the instance's own fields.
     *
     * @param field a number field of the task's inputs
     */
    public record NaiveBaseline(String field, String description) {
    }

    public Optional<TaskInput> input(String field) {
        return inputs.stream().filter(i -> i.name().equals(field)).findFirst();
    }
}
