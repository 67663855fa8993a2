package io.modelgate.spectra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.modelgate.spectra.formats.Spectrum;
import io.modelgate.spectra.formats.SpectrumFiles;
import io.modelgate.spectra.formats.SpectrumFormatException;
import io.modelgate.spectra.formats.SpectrumJson;
import io.modelgate.spectra.formats.SpectrumReader;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.ExampleSetReader;
import io.modelgate.tasks.Task;
import io.modelgate.tasks.TaskInput;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a test or training set of format {@value #FORMAT}: a CSV in the task's folder whose columns are
 * {@code id}, one column per spectrum field of the task (holding spectrum ids, e.g. MassBank accessions) and the
 * target; the spectra
 * themselves come from the public MGF or MSP file the set names as its source (matched on {@code spectrum_id}).
 * A system sees the peaks, precursor m/z, ion mode and only the metadata in {@link #SHOWN}: never the
 * structure (SMILES, InChI, InChIKey, name) that the target was computed from.
 */
@ApplicationScoped
public class SpectrumPairsReader implements ExampleSetReader {

    /** The task.yaml {@code format} of a set of spectrum pairs. */
    public static final String FORMAT = "spectrum-pairs";

    private static final CsvMapper CSV = new CsvMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> SHOWN = Set.of("spectrum_id", "adduct", "charge", "instrument_type", "collision_energy");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String fileDescription() {
        return "the CSV of pairs";
    }

    @Override
    public List<Example> read(Task task, Path spectraFile, Path pairsFile) throws IOException {
        List<String> fields = task.inputs().stream().filter(i -> i.type() == TaskInput.Type.SPECTRUM)
                .map(TaskInput::name).toList();
        if (fields.isEmpty()) {
            throw new IOException("task '" + task.name() + "' has no spectrum field to read " + pairsFile + " into");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        try (MappingIterator<Map<String, String>> iterator = CSV.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(pairsFile.toFile())) {
            int line = 1;
            while (iterator.hasNext()) {
                line++;
                Map<String, String> row = iterator.next();
                for (String column : concat("id", fields, task.target())) {
                    String value = row.get(column);
                    if (value == null || value.isBlank()) {
                        throw new IOException(pairsFile + " line " + line + ": no '" + column + "'");
                    }
                }
                fields.forEach(f -> wanted.add(row.get(f)));
                rows.add(row);
            }
        }
        Map<String, Spectrum> spectra = new HashMap<>();
        try (SpectrumReader reader = SpectrumFiles.open(spectraFile)) {
            while (reader.hasNext()) {
                Spectrum spectrum = reader.next();
                String id = spectrum.get("spectrum_id");
                if (id != null && wanted.contains(id)) {
                    spectra.put(id, spectrum);
                }
            }
        } catch (SpectrumFormatException | java.io.UncheckedIOException e) {
            // The source is the operator's, not the caller's: the set cannot be read (503), it is no bad request.
            throw new IOException(e.getMessage(), e);
        }
        List<Example> examples = new ArrayList<>(rows.size());
        for (Map<String, String> row : rows) {
            ObjectNode instance = JsonNodeFactory.instance.objectNode();
            for (String field : fields) {
                Spectrum spectrum = spectra.get(row.get(field));
                if (spectrum == null) {
                    throw new IOException(spectraFile + " has no spectrum with spectrum_id " + row.get(field)
                            + " (pair " + row.get("id") + " of " + pairsFile.getFileName() + ")");
                }
                instance.set(field, JSON.valueToTree(SpectrumJson.write(withoutStructure(spectrum))));
            }
            JsonNode target;
            try {
                target = JsonNodeFactory.instance.numberNode(Double.parseDouble(row.get(task.target())));
            } catch (NumberFormatException e) {
                throw new IOException(pairsFile + ": pair " + row.get("id") + " has target '" + row.get(task.target())
                        + "', which is not a number");
            }
            examples.add(new Example(row.get("id"), instance, target));
        }
        return examples;
    }

    private static Spectrum withoutStructure(Spectrum spectrum) {
        Map<String, String> shown = new HashMap<>(spectrum.metadata());
        shown.keySet().retainAll(SHOWN);
        return new Spectrum(spectrum.mz(), spectrum.intensities(), spectrum.precursorMz(), spectrum.ionmode(), shown);
    }

    private static List<String> concat(String first, List<String> middle, String last) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(middle);
        all.add(last);
        return all;
    }
}
