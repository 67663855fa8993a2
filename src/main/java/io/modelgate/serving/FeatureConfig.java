package io.modelgate.serving;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A named field of a task instance and how it becomes numbers in a tabular model's input. In
 * {@code model.yaml} a plain name is a number; a categorical field spells out its encoding:
 * {@code {name: island, encoding: one-hot, categories: [Biscoe, Dream, Torgersen]}}.
 */
public record FeatureConfig(String name, Encoding encoding, List<String> categories) {

    public enum Encoding {
        /** The field's number as it is: one column. */
        @JsonProperty("number") NUMBER,
        /** One column per category, 1 for the field's category and 0 elsewhere. */
        @JsonProperty("one-hot") ONE_HOT,
        /** One column holding the category's index in {@code categories}. */
        @JsonProperty("ordinal") ORDINAL
    }

    @JsonCreator
    public FeatureConfig(@JsonProperty("name") String name, @JsonProperty("encoding") Encoding encoding,
                         @JsonProperty("categories") List<String> categories) {
        this.name = name;
        this.encoding = encoding == null ? Encoding.NUMBER : encoding;
        this.categories = categories == null ? List.of() : List.copyOf(categories);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static FeatureConfig number(String name) {
        return new FeatureConfig(name, Encoding.NUMBER, List.of());
    }

    /** How many columns of the input this field fills. */
    public int width() {
        return encoding == Encoding.ONE_HOT ? categories.size() : 1;
    }
}
