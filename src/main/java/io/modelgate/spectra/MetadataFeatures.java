package io.modelgate.spectra;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.spectra.formats.Spectrum;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@link MetadataFeature}s from ms2deepscore's settings JSON, and the value rules they share. */
final class MetadataFeatures {

    /** A plain decimal number, optionally with an exponent; Java's extras ({@code 1d}, hex, {@code NaN}) are not numbers here. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private MetadataFeatures() {
    }

    /**
     * Reads one entry of the settings' {@code additional_metadata}: {@code ["StandardScaler", {...}]} as
     * ms2deepscore writes it (older versions wrote that pair as a JSON string, which is read too).
     *
     * @param where where the entry is, for messages, e.g. {@code additional_metadata[0]}
     */
    static MetadataFeature fromJson(JsonNode entry, String where) {
        if (!entry.isArray() || entry.size() != 2 || !entry.get(0).isTextual() || !entry.get(1).isObject()) {
            throw new Ms2DeepScoreModelException("setting '" + where + "' is " + entry
                    + "; expected a pair [class name, {parameters}] such as [\"StandardScaler\", {\"metadata_field\": "
                    + "\"precursor_mz\", \"mean\": 0, \"standard_deviation\": 1000}]");
        }
        String kind = entry.get(0).asText();
        JsonNode parameters = entry.get(1);
        String field = text(parameters, "metadata_field", where);
        return switch (kind) {
            case "StandardScaler" -> new MetadataFeature.StandardScaler(field, number(parameters, "mean", where, false),
                    nullableNumber(parameters, "standard_deviation", where));
            case "CategoricalToBinary" -> new MetadataFeature.CategoricalToBinary(field,
                    entries(parameters, "entries_becoming_one", where),
                    entries(parameters, "entries_becoming_zero", where));
            case "OneHotEncoder" -> {
                List<Object> one = entries(parameters, "entries_becoming_one", where);
                if (parameters.get("entries_becoming_one").isArray()) {
                    throw new Ms2DeepScoreModelException("setting '" + where + ".entries_becoming_one' is a list; "
                            + "ms2deepscore's OneHotEncoder compares the value with it by equality, so it expects one "
                            + "string or number");
                }
                yield new MetadataFeature.OneHotEncoder(field, one.get(0));
            }
            default -> throw new Ms2DeepScoreModelException("setting '" + where + "' names the feature generator '"
                    + kind + "'; expected StandardScaler, CategoricalToBinary or OneHotEncoder");
        };
    }

    private static String text(JsonNode parameters, String name, String where) {
        JsonNode node = parameters.get(name);
        if (node == null || !node.isTextual()) {
            throw new Ms2DeepScoreModelException("setting '" + where + "." + name + "' is "
                    + (node == null ? "missing" : node.toString()) + "; expected a metadata field name");
        }
        return node.asText();
    }

    private static double number(JsonNode parameters, String name, String where, boolean nullable) {
        JsonNode node = parameters.get(name);
        if (node == null || !node.isNumber()) {
            throw new Ms2DeepScoreModelException("setting '" + where + "." + name + "' is "
                    + (node == null ? "missing" : node.toString()) + "; expected a number" + (nullable ? " or null" : ""));
        }
        return node.asDouble();
    }

    private static Double nullableNumber(JsonNode parameters, String name, String where) {
        JsonNode node = parameters.get(name);
        return node != null && node.isNull() ? null : number(parameters, name, where, true);
    }

    /** A list, or one value that ms2deepscore wraps into a list. */
    private static List<Object> entries(JsonNode parameters, String name, String where) {
        JsonNode node = parameters.get(name);
        if (node == null) {
            throw new Ms2DeepScoreModelException("setting '" + where + "." + name
                    + "' is missing; expected a string, a number or a list of them");
        }
        List<Object> entries = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                entries.add(scalar(node.get(i), where + "." + name + "[" + i + "]"));
            }
        } else {
            entries.add(scalar(node, where + "." + name));
        }
        return entries;
    }

    private static Object scalar(JsonNode node, String where) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isNull()) {
            return null;
        }
        throw new Ms2DeepScoreModelException("setting '" + where + "' is " + node + "; expected a string, a number or null");
    }

    /** The field's value as matchms holds it: a Double, a String, or null when the spectrum has none. */
    static Object valueOf(Spectrum spectrum, String field) {
        return switch (field) {
            case "precursor_mz" -> spectrum.precursorMz();
            case "ionmode" -> spectrum.ionmode();
            default -> spectrum.get(field);
        };
    }

    /**
     * Python's {@code ==} between a metadata value and a settings entry: strings by their characters, numbers by
     * their value (text that reads as a number counts as that number, as matchms stores numeric fields as
     * numbers), a string never equals a number, null equals only null.
     */
    static boolean pythonEquals(Object value, Object entry) {
        if (value == null || entry == null) {
            return value == entry;
        }
        if (entry instanceof String s) {
            return value instanceof String && value.equals(s);
        }
        double wanted = (Double) entry;
        if (value instanceof Double d) {
            return d == wanted;
        }
        return parseNumber((String) value).map(number -> number == wanted).orElse(false);
    }

    /** A decimal number as matchms would have stored it; Java's extras (hex, {@code 1d}, {@code 2f}) are not numbers. */
    static Optional<Double> parseNumber(String text) {
        String trimmed = text.trim();
        return DECIMAL.matcher(trimmed).matches() ? Optional.of(Double.parseDouble(trimmed)) : Optional.empty();
    }
}
