package io.modelgate.prompting;

import dev.langchain4j.model.openai.internal.chat.JsonSchema;
import dev.langchain4j.model.openai.internal.chat.ResponseFormat;
import dev.langchain4j.model.openai.internal.chat.ResponseFormatType;
import io.modelgate.tasks.Task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON schema a {@code json_schema} prompt constrains its answer to: an object with one field, the label
 * as an enum of the task's labels, or the value as a number within the task's range.
 */
final class AnswerSchema {

    private AnswerSchema() {
    }

    /** The field of the answer object: the prompt's output field, else {@code label} or {@code value}. */
    static String field(Prompt prompt) {
        String field = prompt.config().output().field();
        return field != null ? field : prompt.task().type() == Task.Type.CLASSIFICATION ? "label" : "value";
    }

    static ResponseFormat responseFormat(Prompt prompt) {
        Task task = prompt.task();
        Map<String, Object> property = new LinkedHashMap<>();
        if (task.type() == Task.Type.CLASSIFICATION) {
            property.put("type", "string");
            property.put("enum", task.labels());
        } else {
            property.put("type", "number");
            if (task.targetRange().size() == 2) {
                property.put("minimum", task.targetRange().get(0));
                property.put("maximum", task.targetRange().get(1));
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of(field(prompt), property));
        schema.put("required", List.of(field(prompt)));
        schema.put("additionalProperties", false);
        return ResponseFormat.builder().type(ResponseFormatType.JSON_SCHEMA)
                .jsonSchema(JsonSchema.builder().name(task.name().replaceAll("[^A-Za-z0-9_-]", "_") + "_answer")
                        .strict(true).schema(schema).build())
                .build();
    }
}
