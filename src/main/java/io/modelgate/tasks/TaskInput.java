package io.modelgate.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One field of a task's instances.
 *
 * @param categories the allowed values of a category field
 * @param unit       the unit of a number field (mm, g, hours …), shown to people and prompts
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TaskInput(String name, Type type, String unit, List<String> categories, String description) {

    public enum Type {
        @JsonProperty("number") NUMBER,
        @JsonProperty("category") CATEGORY,
        @JsonProperty("text") TEXT,
        @JsonProperty("image") IMAGE
    }

    public TaskInput {
        categories = categories == null ? List.of() : List.copyOf(categories);
    }
}
