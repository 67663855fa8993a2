package io.modelgate.tasks;

/**
 * A named, versioned, checksummed file of examples of a task, kept in the task's folder.
 *
 * @param file   the file's name inside {@code tasks/<task>/}
 * @param sha256 its checksum; a file that does not match is refused
 */
public record DataSetFile(String name, Integer version, String file, String sha256, String description) {

    public DataSetFile {
        version = version == null ? 1 : version;
        description = description == null ? "" : description;
    }
}
