package io.modelgate.prompting;

import java.util.List;

/**
 * A prompt template, {@code prompts/<name>.yaml}: how to ask an LLM a task's question.
 *
 * @param system     the system message (Qute template)
 * @param user       the user message: a Qute template over the task's input fields, {@code labels} (the
 *                   label list) and {@code label_list} (the labels joined by ", ")
 * @param fewShot    worked examples from the task's training data, sent before the question
 * @param output     how the answer is read
 * @param parameters generation parameters
 * @param imageField a field of the task holding an image (base64 or a data URL) sent as image content
 * @param mode       how the answer is asked for and read; default {@code text}
 * @param samples    how many answers {@code self-consistency} asks for (default 5)
 * @param topLogprobs how many candidates for the first token {@code logprobs} asks for; default the number of labels,
 *                   at least 5 and at most 20 (OpenAI's limit)
 */
public record PromptConfig(String name, Integer version, String task, String description, String system, String user,
                           FewShot fewShot, Output output, Parameters parameters, String imageField, AnswerMode mode,
                           Integer samples, Integer topLogprobs) {

    public static final int MAX_TOP_LOGPROBS = 20;

    public PromptConfig {
        mode = mode == null ? AnswerMode.TEXT : mode;
        samples = samples == null ? 5 : samples;
        version = version == null ? 1 : version;
        description = description == null ? "" : description;
        system = system == null ? "" : system;
        output = output == null ? new Output(false, null) : output;
        parameters = parameters == null ? new Parameters(null, null, null) : parameters;
    }

    /**
     * Either {@code ids} (fixed examples), or {@code k} with a {@code strategy}.
     *
     * @param trainingSet the task's training or validation set the examples come from (never a test set)
     * @param ids         the examples' ids in that set, in the order they are shown
     * @param k           how many examples a strategy chooses
     * @param strategy    {@code balanced} (the labels in turn, once for all instances) or {@code nearest} (per
     *                    instance, the k closest in the task's number fields)
     */
    public record FewShot(String trainingSet, List<String> ids, Integer k, Strategy strategy) {

        public FewShot {
            ids = ids == null ? List.of() : List.copyOf(ids);
        }
    }

    /** How a prompt chooses its k few-shot examples. */
    public enum Strategy {
        @com.fasterxml.jackson.annotation.JsonProperty("balanced") BALANCED,
        @com.fasterxml.jackson.annotation.JsonProperty("nearest") NEAREST
    }

    /**
     * @param json  ask for a JSON object (the provider's JSON response format) and read {@code field} of it
     * @param field the JSON field holding the answer; default {@code label} or {@code value}
     */
    public record Output(Boolean json, String field) {

        public Output {
            json = json != null && json;
        }
    }

    /** @param temperature default 0, so that a benchmark can be repeated */
    public record Parameters(Double temperature, Integer maxTokens, Integer seed) {

        public Parameters {
            temperature = temperature == null ? 0.0 : temperature;
        }
    }
}
