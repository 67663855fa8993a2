package io.modelgate.spectra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A test-only reader of the first spectra of an MGF file, just enough for the ms2deepscore fixture (the real
 * parser is another branch's work): {@code KEY=value} lines become lower-case metadata keys, {@code PRECURSOR_MZ}
 * (else {@code PEPMASS}) the precursor m/z, {@code IONMODE} the ion mode; other lines are "m/z intensity" peaks.
 */
final class TestMgf {

    private TestMgf() {
    }

    static List<Spectrum> read(Path file, int count) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Spectrum> spectra = new ArrayList<>();
        Map<String, String> metadata = null;
        List<double[]> peaks = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.equals("BEGIN IONS")) {
                metadata = new HashMap<>();
                peaks = new ArrayList<>();
            } else if (line.equals("END IONS")) {
                spectra.add(spectrum(metadata, peaks));
                if (spectra.size() == count) {
                    break;
                }
                metadata = null;
            } else if (metadata != null && !line.isEmpty()) {
                int equals = line.indexOf('=');
                if (equals > 0 && !Character.isDigit(line.charAt(0))) {
                    metadata.put(line.substring(0, equals).toLowerCase(Locale.ROOT), line.substring(equals + 1));
                } else {
                    String[] fields = line.split("\\s+");
                    peaks.add(new double[]{Double.parseDouble(fields[0]), Double.parseDouble(fields[1])});
                }
            }
        }
        return spectra;
    }

    private static Spectrum spectrum(Map<String, String> metadata, List<double[]> peaks) {
        String precursor = metadata.containsKey("precursor_mz") ? metadata.remove("precursor_mz") : metadata.get("pepmass");
        metadata.remove("pepmass");
        String ionmode = metadata.remove("ionmode");
        return new Spectrum(peaks.stream().mapToDouble(p -> p[0]).toArray(), peaks.stream().mapToDouble(p -> p[1]).toArray(),
                precursor == null ? null : Double.valueOf(precursor.split("\\s+")[0]),
                ionmode == null ? null : ionmode.toLowerCase(Locale.ROOT), metadata);
    }
}
