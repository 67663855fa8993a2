package io.modelgate.tasks;

/**
 * A named, versioned, checksummed set of examples of a task: a file kept in the task's folder, rows of
 * a public data-set file (one that must not be committed) chosen by an id range, or the images of a
 * public image archive (all of them, or those a file in the task's folder lists), or rows of a public CSV
 * that a file in the task's folder lists by id.
 *
 * @param file         the file's name inside {@code tasks/<task>/}: the examples (CSV), or with an
 *                     image archive the list of member names to use, one per line, or with {@code rows}
 *                     the list of row ids to use, one per line (then {@code from} and {@code to} are not used)
 * @param sha256       the checksum of {@code file} when there is one, else of {@code source}; a file that
 *                     does not match is refused
 * @param source       a data-set name from {@code data/manifest.yaml}
 * @param format       with {@code source}: {@code rows} (default: a CSV, rows chosen by id),
 *                     {@code image-archive} (a .tar.gz of {@code <any folders>/<label>/<name>.jpg|png}: each
 *                     image is an example, its member name the id and its folder the label) or the format of
 *                     an {@link ExampleSetReader} (e.g. {@code spectrum-pairs}, read by the spectra package:
 *                     {@code file} is a CSV {@code id,spectrum_a,spectrum_b,<target>} of spectrum ids of the MGF
 *                     or MSP {@code source}; each row is an example of two spectra)
 * @param idColumn     with {@code rows}: the column that identifies a row (e.g. {@code DATE}); left out
 *                     (only with a list {@code file}), a row's id is {@code <task>-<n>}, n its 1-based row
 *                     number in the source, header not counted
 * @param from         with {@code rows}: the first id of the set, inclusive (ids compare as text)
 * @param to           with {@code rows}: the last id of the set, inclusive
 * @param targetShift  with {@code rows}: how many rows later the target is read (1: tomorrow's value)
 * @param targetLabels with {@code rows}: the task's label for each value of the target column, when the
 *                     source codes its labels (e.g. {@code "1": crystals}); a value not listed is refused
 * @param emptyAs      with {@code rows}: the number an empty cell of a number field is read as, for a source
 *                     that leaves a quantity empty where it is nil (no modulator); default: empty is absent
 */
public record DataSetFile(String name, Integer version, String file, String sha256, String description,
                          String source, String format, String idColumn, String from, String to,
                          Integer targetShift, java.util.Map<String, String> targetLabels,
                          Double emptyAs) {

    public static final String ROWS = "rows";
    public static final String IMAGE_ARCHIVE = "image-archive";

    public DataSetFile {
        version = version == null ? 1 : version;
        description = description == null ? "" : description;
        format = format == null ? ROWS : format;
        targetShift = targetShift == null ? 0 : targetShift;
        targetLabels = targetLabels == null ? java.util.Map.of() : java.util.Map.copyOf(targetLabels);
    }

    public boolean fromSource() {
        return source != null;
    }

    public boolean imageArchive() {
        return fromSource() && format.equals(IMAGE_ARCHIVE);
    }
}
