package io.modelgate.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.formats.SpectrumJson;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** Checks the fields of one task instance against the task's input schema. */
public final class InstanceValidator {

    /** The most peaks a spectrum field may have (as modelgate.spectra.max-peaks' default). */
    private static final int MAX_PEAKS = 100_000;

    private InstanceValidator() {
    }

    /**
     * Refuses fields the task does not have (unless the system itself declares them in {@code alsoKnown}),
     * fields of the wrong type, and required fields that are absent; a null field counts as absent.
     */
    public static void validate(Task task, int index, JsonNode instance, Collection<String> alsoKnown) {
        Iterator<Map.Entry<String, JsonNode>> fields = instance.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            TaskInput input = task.input(name).orElse(null);
            if (input == null) {
                if (alsoKnown.contains(name)) {
                    continue;
                }
                throw new InvalidInputException("instances[" + index + "]: unknown field '" + name + "' for task '"
                        + task.name() + "'; expected fields: " + task.inputs().stream().map(TaskInput::name).toList());
            }
            if (!value.isNull()) {
                checkType(index, input, value);
            }
        }
        for (TaskInput input : task.inputs()) {
            JsonNode value = instance.get(input.name());
            if (input.required() && (value == null || value.isNull())) {
                throw new InvalidInputException("instances[" + index + "]: missing field '" + input.name() + "' ("
                        + input.expected() + ")");
            }
        }
    }

    private static void checkType(int index, TaskInput input, JsonNode value) {
        String where = "instances[" + index + "]." + input.name();
        switch (input.type()) {
            case NUMBER -> {
                if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                    throw new InvalidInputException(where + ": expected a finite number"
                            + (input.unit() == null ? "" : " (" + input.unit() + ")") + ", got " + shown(value));
                }
            }
            case CATEGORY -> {
                if (!value.isTextual() || !input.categories().contains(value.textValue())) {
                    throw new InvalidInputException(where + ": expected one of " + input.categories() + ", got " + shown(value));
                }
            }
            case SPECTRUM -> SpectrumJson.readComparable(value, where, MAX_PEAKS);
            case TEXT, IMAGE -> {
                if (!value.isTextual()) {
                    throw new InvalidInputException(where + ": expected a string, got " + shown(value));
                }
            }
        }
    }

    static String shown(JsonNode value) {
        String text = value.isNumber() ? value.asText() : value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
