package io.modelgate.tasks;

/**
 * A named, versioned, checksummed set of examples of a task: either a file kept in the task's folder,
 * or rows of a public data-set file (one that must not be committed) chosen by an id range.
 *
 * @param file         the file's name inside {@code tasks/<task>/}
 * @param sha256       the checksum of {@code file}, or of {@code source}; a file that does not match is refused
 * @param source       a data-set name from {@code data/manifest.yaml}, instead of {@code file}
 * @param idColumn     with {@code source}: the column that identifies a row (e.g. {@code DATE})
 * @param from         with {@code source}: the first id of the set, inclusive (ids compare as text)
 * @param to           with {@code source}: the last id of the set, inclusive
 * @param targetShift  with {@code source}: how many rows later the target is read (1: tomorrow's value)
 */
public record DataSetFile(String name, Integer version, String file, String sha256, String description,
                          String source, String idColumn, String from, String to, Integer targetShift) {

    public DataSetFile {
        version = version == null ? 1 : version;
        description = description == null ? "" : description;
        targetShift = targetShift == null ? 0 : targetShift;
    }

    public boolean fromSource() {
        return source != null;
    }
}
