package io.modelgate.tasks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks the value of a field whose format belongs to another package (a spectrum): that package provides
 * the check as a bean, so tasks need not know the format.
 */
public interface FieldCheck {

    /** The field type this checks. */
    TaskInput.Type type();

    /**
     * @param where the field as the request holds it, for the message ({@code instances[2].spectrum_a})
     * @throws io.modelgate.errors.InvalidInputException naming {@code where} when the value does not fit
     */
    void check(JsonNode value, String where);
}
