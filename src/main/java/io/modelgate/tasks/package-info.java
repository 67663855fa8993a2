/**
 * Tasks: the questions systems answer, their input schemas, labels and checksummed test sets, read
 * from {@code tasks/<name>/task.yaml}; {@code GET /api/tasks}. Test sets of the formats it reads itself (rows of
 * a CSV, image archives) are read here; further formats by {@link io.modelgate.tasks.ExampleSetReader} beans that
 * other packages provide (e.g. spectrum pairs, by spectra).
 *
 * <p>It must not import spectra (any sub-package), serving, prompting or evaluation; the one exception left is
 * {@link io.modelgate.tasks.InstanceValidator}'s use of spectra's JSON spectrum format.
 */
package io.modelgate.tasks;
