package io.modelgate.spectra.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.InvalidInputException;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Reads a spectrum given as JSON in a request:
 * {@code {"mz": [...], "intensities": [...], "precursor_mz": 301.1, "ionmode": "positive", "metadata": {...}}}.
 * Peaks given unsorted are sorted by m/z (stably, as the file readers do). Every mistake is a 400 that names
 * the field by its path, e.g. {@code spectra[2].intensities[5]}.
 */
public final class SpectrumJson {

    private SpectrumJson() {
    }

    /**
     * @param node     the spectrum object
     * @param path     where it stands in the request, for messages ({@code spectra[0]})
     * @param maxPeaks the most peaks one spectrum may have
     */
    public static Spectrum read(JsonNode node, String path, int maxPeaks) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(path + " must be a spectrum object {\"mz\": [...], \"intensities\": [...],"
                    + " \"precursor_mz\": number, \"ionmode\": \"positive\"|\"negative\", \"metadata\": {...}}, got "
                    + kind(node));
        }
        double[] mz = numbers(node.get("mz"), path + ".mz", maxPeaks, "m/z");
        double[] intensities = numbers(node.get("intensities"), path + ".intensities", maxPeaks, "intensity");
        if (mz.length != intensities.length) {
            throw new InvalidInputException(path + ": " + mz.length + " m/z values but " + intensities.length
                    + " intensities; expected one intensity per m/z");
        }
        Double precursorMz = null;
        JsonNode precursor = node.get("precursor_mz");
        if (precursor != null && !precursor.isNull()) {
            if (!precursor.isNumber() || !Double.isFinite(precursor.asDouble()) || precursor.asDouble() <= 0) {
                throw new InvalidInputException(path + ".precursor_mz must be a positive number, got " + precursor);
            }
            precursorMz = precursor.asDouble();
        }
        String ionmode = null;
        JsonNode mode = node.get("ionmode");
        if (mode != null && !mode.isNull()) {
            if (!mode.isTextual() || !(mode.asText().equals("positive") || mode.asText().equals("negative"))) {
                throw new InvalidInputException(path + ".ionmode must be \"positive\" or \"negative\", got " + mode);
            }
            ionmode = mode.asText();
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode fields = node.get("metadata");
        if (fields != null && !fields.isNull()) {
            if (!fields.isObject()) {
                throw new InvalidInputException(path + ".metadata must be an object of text or number fields, got "
                        + kind(fields));
            }
            for (Map.Entry<String, JsonNode> field : fields.properties()) {
                if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                    throw new InvalidInputException(path + ".metadata." + field.getKey()
                            + " must be text or a number, got " + kind(field.getValue()));
                }
                metadata.put(field.getKey(), field.getValue().asText());
            }
        }
        for (String unknown : node.properties().stream().map(Map.Entry::getKey)
                .filter(k -> !k.equals("mz") && !k.equals("intensities") && !k.equals("precursor_mz")
                        && !k.equals("ionmode") && !k.equals("metadata")).toList()) {
            throw new InvalidInputException(path + " has an unknown field '" + unknown + "'; a spectrum has mz,"
                    + " intensities, precursor_mz, ionmode and metadata");
        }
        return sorted(new Spectrum(mz, intensities, precursorMz, ionmode, metadata));
    }

    /**
     * As {@link #read}, for a spectrum that is to be compared: it must have a peak, and one above intensity 0.
     */
    public static Spectrum readComparable(JsonNode node, String path, int maxPeaks) {
        return requireComparable(read(node, path, maxPeaks), path);
    }

    /**
     * The spectrum, if it can be compared: it has a peak, and one above intensity 0; {@code where} names it in the
     * message of the 400 otherwise.
     */
    public static Spectrum requireComparable(Spectrum spectrum, String where) {
        if (spectrum.peakCount() == 0) {
            throw new InvalidInputException(where + " has no peaks; a spectrum needs at least one to be compared");
        }
        if (Arrays.stream(spectrum.intensities()).allMatch(i -> i == 0)) {
            throw new InvalidInputException(where + " has only peaks of intensity 0; a spectrum needs at least one"
                    + " above 0 to be compared");
        }
        return spectrum;
    }

    /** The spectrum as the JSON object {@link #read} takes, metadata and all. */
    public static Map<String, Object> write(Spectrum spectrum) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mz", spectrum.mz());
        json.put("intensities", spectrum.intensities());
        if (spectrum.precursorMz() != null) {
            json.put("precursor_mz", spectrum.precursorMz());
        }
        if (spectrum.ionmode() != null) {
            json.put("ionmode", spectrum.ionmode());
        }
        json.put("metadata", spectrum.metadata());
        return json;
    }

    private static double[] numbers(JsonNode array, String path, int maxPeaks, String what) {
        if (array == null || !array.isArray()) {
            throw new InvalidInputException(path + " is required: a list of numbers (" + what + " of each peak), got "
                    + kind(array));
        }
        if (array.size() > maxPeaks) {
            throw new InvalidInputException(path + " has " + array.size() + " values; a spectrum may have at most "
                    + maxPeaks + " peaks (modelgate.spectra.max-peaks)");
        }
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = array.get(i);
            if (!value.isNumber()) {
                throw new InvalidInputException(path + "[" + i + "] must be a number, got " + value);
            }
            double v = value.asDouble();
            if (!Double.isFinite(v) || v < 0) {
                throw new InvalidInputException(path + "[" + i + "] must be a finite number ≥ 0, got " + value);
            }
            values[i] = v;
        }
        return values;
    }

    private static Spectrum sorted(Spectrum spectrum) {
        double[] mz = spectrum.mz();
        boolean ascending = IntStream.range(1, mz.length).allMatch(i -> mz[i - 1] <= mz[i]);
        if (ascending) {
            return spectrum;
        }
        Integer[] order = IntStream.range(0, mz.length).boxed().sorted(Comparator.comparingDouble(i -> mz[i]))
                .toArray(Integer[]::new);
        double[] sortedMz = Arrays.stream(order).mapToDouble(i -> mz[i]).toArray();
        double[] sortedIntensities = Arrays.stream(order).mapToDouble(i -> spectrum.intensities()[i]).toArray();
        return new Spectrum(sortedMz, sortedIntensities, spectrum.precursorMz(), spectrum.ionmode(), spectrum.metadata());
    }

    /** What a JSON value is, for messages: {@code nothing}, {@code an object}, {@code a list}, or the value itself. */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.toString();
    }
}
