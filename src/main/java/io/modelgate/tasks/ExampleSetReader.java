package io.modelgate.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the examples of a test or training set whose task.yaml {@code format} is not one the tasks package reads
 * itself ({@value DataSetFile#ROWS}, {@value DataSetFile#IMAGE_ARCHIVE}): such a set names a public data-set file
 * as its {@code source} and a file in the task's folder that says which examples to draw from it. Implementations
 * are CDI beans, found by {@link TaskRepository} through their {@link #format()}.
 */
public interface ExampleSetReader {

    /** The task.yaml {@code format} this reads, e.g. {@code spectrum-pairs}. */
    String format();

    /** What the set's {@code file} holds, for the message when it is missing, e.g. {@code the CSV of pairs}. */
    String fileDescription();

    /**
     * The examples of the set.
     *
     * @param task   the task the set belongs to
     * @param source the set's {@code source}, resolved in the data folder
     * @param file   the set's {@code file}, resolved in the task's folder (its checksum already matched)
     * @throws IOException when either cannot be read or does not fit the task; the set is then not ready (503)
     */
    List<Example> read(Task task, Path source, Path file) throws IOException;
}
