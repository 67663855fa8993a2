package io.modelgate.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One field of a task's instances.
 *
 * @param categories the allowed values of a category field
 * @param unit       the unit of a number field (mm, g, hours …), shown to people and prompts
 * @param required   whether every instance must give the field (default true); an optional one may be
 *                   absent or null, and a system that needs it says so
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TaskInput(String name, Type type, String unit, List<String> categories, String description,
                        Boolean required) {

    public enum Type {
        @JsonProperty("number") NUMBER,
        @JsonProperty("category") CATEGORY,
        @JsonProperty("text") TEXT,
        @JsonProperty("image") IMAGE,
        @JsonProperty("spectrum") SPECTRUM
    }

    public TaskInput {
        categories = categories == null ? List.of() : List.copyOf(categories);
        required = required == null || required;
    }

    /** What the field holds, for messages: "a number" or "one of [a, b]". */
    public String expected() {
        return switch (type) {
            case NUMBER -> "a number";
            case CATEGORY -> "one of " + categories;
            case TEXT -> "a string";
            case IMAGE -> "an image (base64 or a data URL)";
            case SPECTRUM -> "a spectrum {\"mz\": [...], \"intensities\": [...], \"precursor_mz\": …}";
        };
    }
}
