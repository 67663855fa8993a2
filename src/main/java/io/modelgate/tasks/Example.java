package io.modelgate.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One row of a test or training file: its id, the instance (the task's input fields, typed by the
 * task's schema; an empty cell is null) and the true answer.
 */
public record Example(String id, ObjectNode instance, JsonNode target) {
}
