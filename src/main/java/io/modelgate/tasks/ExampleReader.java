package io.modelgate.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a task's CSV data file (with an {@code id} column and the target column) into examples. */
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
     * The rows of a public data-set file whose id lies in {@code [from, to]}; the target of a row is read
     * {@code target-shift} rows later (rows are in the file's order, e.g. one per day).
     */
    static List<Example> readSource(Task task, Path file, DataSetFile set) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> iterator = CSV.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            while (iterator.hasNext()) {
                rows.add(iterator.next());
            }
        }
        List<Example> examples = new ArrayList<>();
        boolean numericTarget = task.type() != Task.Type.CLASSIFICATION;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            String id = row.get(set.idColumn());
            if (id == null) {
                throw new IOException(file + " has no column '" + set.idColumn() + "'");
            }
            if (id.compareTo(set.from()) < 0 || id.compareTo(set.to()) > 0) {
                continue;
            }
            int targetRow = i + set.targetShift();
            if (targetRow >= rows.size()) {
                throw new IOException(file + ": row " + id + " has no row " + set.targetShift() + " later to read its target from");
            }
            ObjectNode instance = JsonNodeFactory.instance.objectNode();
            for (TaskInput input : task.inputs()) {
                instance.set(input.name(), value(file, i + 2, input.type() == TaskInput.Type.NUMBER, row.get(input.name())));
            }
            examples.add(new Example(id, instance, value(file, targetRow + 2, numericTarget, rows.get(targetRow).get(task.target()))));
        }
        return examples;
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
