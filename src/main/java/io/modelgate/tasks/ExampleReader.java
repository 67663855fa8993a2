package io.modelgate.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads a task's examples: a CSV data file (with an {@code id} column and the target column), rows of a
 * public CSV chosen by id, or the images of a tar.gz archive.
 */
final class ExampleReader {

    private static final CsvMapper CSV = new CsvMapper();

    private ExampleReader() {
    }

    static List<Example> read(Task task, Path file) throws IOException {
        List<Example> examples = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = CSV.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            int line = 1;
            while (rows.hasNext()) {
                line++;
                Map<String, String> row = rows.next();
                String id = row.get("id");
                if (id == null || id.isBlank()) {
                    throw new IOException(file + " line " + line + ": no id");
                }
                ObjectNode instance = JsonNodeFactory.instance.objectNode();
                for (TaskInput input : task.inputs()) {
                    instance.set(input.name(), value(file, line, input.type() == TaskInput.Type.NUMBER, row.get(input.name())));
                }
                boolean numericTarget = task.type() != Task.Type.CLASSIFICATION;
                examples.add(new Example(id, instance, value(file, line, numericTarget, row.get(task.target()))));
            }
        }
        return examples;
    }

    /**
     * The rows of a public data-set file whose id lies in {@code [from, to]}, or with {@code ids} the rows
     * with those ids (each must be there); the target of a row is read {@code target-shift} rows later (rows
     * are in the file's order, e.g. one per day) and named by {@code target-labels} when the set has them.
     */
    static List<Example> readSource(Task task, Path file, DataSetFile set, Set<String> ids) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> iterator = CSV.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            while (iterator.hasNext()) {
                rows.add(iterator.next());
            }
        }
        List<Example> examples = new ArrayList<>();
        boolean numericTarget = task.type() != Task.Type.CLASSIFICATION;
        Set<String> missing = ids == null ? Set.of() : new LinkedHashSet<>(ids);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            String id = set.idColumn() == null ? task.name() + "-" + (i + 1) : row.get(set.idColumn());
            if (id == null) {
                throw new IOException(file + " has no column '" + set.idColumn() + "'");
            }
            if (ids != null ? !missing.remove(id) : id.compareTo(set.from()) < 0 || id.compareTo(set.to()) > 0) {
                continue;
            }
            int targetRow = i + set.targetShift();
            if (targetRow >= rows.size()) {
                throw new IOException(file + ": row " + id + " has no row " + set.targetShift() + " later to read its target from");
            }
            ObjectNode instance = JsonNodeFactory.instance.objectNode();
            for (TaskInput input : task.inputs()) {
                boolean number = input.type() == TaskInput.Type.NUMBER;
                String cell = row.get(input.name());
                instance.set(input.name(), number && set.emptyAs() != null && cell != null && cell.isEmpty()
                        ? JsonNodeFactory.instance.numberNode(set.emptyAs()) : value(file, i + 2, number, cell));
            }
            String target = rows.get(targetRow).get(task.target());
            if (!set.targetLabels().isEmpty()) {
                if (!set.targetLabels().containsKey(target)) {
                    throw new IOException(file + " line " + (targetRow + 2) + ": " + task.target() + " '" + target
                            + "' is not one of the target-labels " + set.targetLabels().keySet());
                }
                target = set.targetLabels().get(target);
            }
            examples.add(new Example(id, instance, value(file, targetRow + 2, numericTarget, target)));
        }
        if (!missing.isEmpty()) {
            throw new IOException(file + " has no row " + missing.iterator().next() + " (" + missing.size()
                    + " listed rows are missing)");
        }
        return examples;
    }

    /**
     * The images of a tar.gz archive laid out as {@code <any folders>/<label>/<name>.jpg} (or .jpeg/.png),
     * sorted by member name: the id of an example is its member name, its instance holds the image (base64)
     * in the task's image field and its target is the folder name. With {@code members} only those
     * images are read, and each must be in the archive.
     */
    static List<Example> readImageArchive(Task task, Path archive, Set<String> members) throws IOException {
        TaskInput imageField = task.inputs().stream().filter(i -> i.type() == TaskInput.Type.IMAGE).findFirst()
                .orElseThrow(() -> new IOException("task '" + task.name() + "' has no image field to read " + archive + " into"));
        List<Example> examples = new ArrayList<>();
        Set<String> missing = members == null ? new LinkedHashSet<>() : new LinkedHashSet<>(members);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive))))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = entry.getName();
                if (!entry.isFile() || !isImage(name) || (members != null && !members.contains(name))) {
                    continue;
                }
                String[] parts = name.split("/");
                if (parts.length < 2) {
                    throw new IOException(archive + ": image " + name + " is not in a folder named after its label");
                }
                String label = parts[parts.length - 2];
                if (!task.labels().contains(label)) {
                    throw new IOException(archive + ": image " + name + " is in folder '" + label
                            + "', which is not one of the task's labels " + task.labels());
                }
                ObjectNode instance = JsonNodeFactory.instance.objectNode();
                instance.put(imageField.name(), Base64.getEncoder().encodeToString(tar.readAllBytes()));
                examples.add(new Example(name, instance, JsonNodeFactory.instance.textNode(label)));
                missing.remove(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(archive + " has no image " + missing.iterator().next() + " (" + missing.size()
                    + " listed images are missing)");
        }
        examples.sort(Comparator.comparing(Example::id));
        return examples;
    }

    /** The member names a list file gives, one per line; blank lines and lines starting with # are skipped. */
    static Set<String> readList(Path file) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file)) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        return names;
    }

    private static boolean isImage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jpg") || lower.endsWith(".jpeg") || lower.endsWith(".png");
    }

    private static JsonNode value(Path file, int line, boolean number, String cell) throws IOException {
        if (cell == null || cell.isEmpty() || cell.equals("NA")) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (!number) {
            return JsonNodeFactory.instance.textNode(cell);
        }
        try {
            return JsonNodeFactory.instance.numberNode(Double.parseDouble(cell));
        } catch (NumberFormatException e) {
            throw new IOException(file + " line " + line + ": '" + cell + "' is not a number");
        }
    }
}
