/**
 * Tasks: the questions systems answer, their input schemas, labels and checksummed test sets, read
 * from {@code tasks/<name>/task.yaml}; {@code GET /api/tasks}.
 */
package io.modelgate.tasks;
