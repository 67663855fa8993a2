package io.modelgate.spectra.formats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Collects the metadata fields of the spectrum being read and names them as matchms does (its {@code Metadata}
 * class with {@code known_key_conversions.csv}, {@code interpret_pepmass}, {@code add_precursor_mz} and
 * {@code make_charge_int}):
 * <ul>
 *   <li>keys lower-cased, each white-space character made {@code _}, {@code ! ? . , ; :} removed, then known
 *       aliases renamed ({@code name} → {@code compound_name}, {@code precursormz} → {@code precursor_mz},
 *       {@code ion_mode} → {@code ionmode}, {@code spectrumid} → {@code spectrum_id}, the full table below) and,
 *       beyond matchms, MSP's {@code db#} → {@code spectrum_id};</li>
 *   <li>a key written under its matchms name wins over an alias of it, wherever each stands (MGF files from GNPS
 *       have both {@code NAME} and {@code COMPOUND_NAME}); of two aliases the first wins; a key written twice
 *       keeps its last value;</li>
 *   <li>values trimmed; {@code ""}, {@code NA}, {@code N/A} and {@code NaN} mean missing and are dropped;</li>
 *   <li>{@code PEPMASS} "mz [intensity [charge]]" (spaces, commas or a parenthesised tuple) gives the precursor
 *       m/z, {@code precursor_intensity} and {@code charge}; it wins over {@code PRECURSOR_MZ}, which is used only
 *       when there is no PEPMASS;</li>
 *   <li>{@code charge} as a signed integer text where it reads as one ({@code 1-} → {@code -1}, {@code 2+} →
 *       {@code 2}), otherwise kept as written;</li>
 *   <li>ion mode: matchms lower-cases it; {@code positive}/{@code negative} in any case and the short forms
 *       {@code pos}/{@code neg}, {@code p}/{@code n}, {@code +}/{@code -} (NIST MSP writes {@code P}/{@code N})
 *       become {@link Spectrum#ionmode()}; anything else leaves it null and keeps the lower-cased value under
 *       {@code ionmode} in the metadata, as matchms keeps it.</li>
 * </ul>
 */
final class Harmoniser {

    /** At most this many metadata fields per spectrum. */
    static final int MAX_FIELDS = 10_000;

    /** matchms' known_key_conversions.csv (synonym → matchms name), plus db# → spectrum_id. */
    private static final Map<String, String> ALIASES = aliases(
            "precursor_mass", "precursor_mz", "precursormass", "precursor_mz", "precursormz", "precursor_mz",
            "precursor", "precursor_mz", "precursor_type", "adduct", "precursorintensity", "precursor_intensity",
            "precursor_charge", "charge", "precursorcharge", "charge", "parentmass", "parent_mass",
            "exact_mass", "parent_mass", "exactmass", "parent_mass", "name", "compound_name",
            "compoundname", "compound_name", "ion_mode", "ionmode", "ionpolarity", "ionmode", "ionpol", "ionmode",
            "retentiontime", "retention_time", "rt", "retention_time", "rt_query", "retention_time",
            "rettime", "retention_time", "retentionindex", "retention_index", "ri", "retention_index",
            "collisionenergy", "collision_energy", "colenergy", "collision_energy", "collisiongas", "collision_gas",
            "filename", "file_name", "spectrumid", "spectrum_id", "compound_type", "compound_class",
            "pi", "principal_investigator", "datacollector", "data_collector", "submituser", "submit_user",
            "ionimethod", "ionization", "pressure", "column_pressure", "column", "column_name",
            "columnname", "column_name", "numpeaks", "num_peaks", "isolwidth", "isolation_window_target_mz",
            "isolationwidth", "isolation_window_target_mz", "isolation_width", "isolation_window_target_mz",
            "peakwidth", "peak_width", "targetgas", "target_gas", "targetgaspressure", "target_gas_pressure",
            "targetgaspres", "target_gas_pressure", "reagention", "reagent_ion",
            "reagentgaspressure", "reagent_gas_pressure", "reagentgaspres", "reagent_gas_pressure",
            "massrange", "mass_range_mz", "massrangemz", "mass_range_mz", "mass_range", "mass_range_mz",
            "db#", "spectrum_id");

    private static final Set<String> MISSING = Set.of("", "NA", "N/A", "NaN");
    private static final Set<String> POSITIVE = Set.of("positive", "pos", "p", "+");
    private static final Set<String> NEGATIVE = Set.of("negative", "neg", "n", "-");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s");
    private static final Pattern PUNCTUATION = Pattern.compile("[!?.,;:]");
    private static final Pattern PEPMASS_SEPARATORS = Pattern.compile("[\\s,]+");

    private record Field(String key, String value, int line) {
    }

    private final List<Field> fields = new ArrayList<>();

    int size() {
        return fields.size();
    }

    /** Whether a field of this spectrum has the matchms name {@code name}. */
    boolean has(String name) {
        for (Field field : fields) {
            if (harmoniseKey(field.key()).equals(name)) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        fields.clear();
    }

    /** Adds a field as the file writes it; the key is harmonised when the spectrum is built. */
    void add(String key, String value, Lines lines) {
        if (fields.size() == MAX_FIELDS) {
            throw new SpectrumFormatException(lines.source(), lines.number(),
                    "more than " + MAX_FIELDS + " metadata fields in one spectrum (the limit)");
        }
        fields.add(new Field(key, value, lines.number()));
    }

    /** matchms' name for a key: lower case, white space made _, punctuation removed, aliases renamed. */
    static String harmoniseKey(String key) {
        String cleaned = cleanKey(key);
        return ALIASES.getOrDefault(cleaned, cleaned);
    }

    private static String cleanKey(String key) {
        String lower = key.strip().toLowerCase(Locale.ROOT);
        return PUNCTUATION.matcher(WHITE_SPACE.matcher(lower).replaceAll("_")).replaceAll("");
    }

    /** The spectrum of these fields and peaks; empties the fields for the next spectrum. */
    Spectrum build(double[][] peaks, String source) {
        Map<String, Field> named = new LinkedHashMap<>();
        Map<String, Field> byAlias = new LinkedHashMap<>();
        for (Field field : fields) {
            String value = field.value().strip();
            if (MISSING.contains(value)) {
                continue;
            }
            String cleaned = cleanKey(field.key());
            String name = ALIASES.getOrDefault(cleaned, cleaned);
            Field harmonised = new Field(name, value, field.line());
            if (name.equals(cleaned)) {
                named.put(name, harmonised);
            } else {
                byAlias.put(cleaned, harmonised);
            }
        }
        for (Field field : byAlias.values()) {
            named.putIfAbsent(field.key(), field);
        }
        fields.clear();

        Map<String, String> metadata = new HashMap<>();
        for (Field field : named.values()) {
            metadata.put(field.key(), field.value());
        }
        Double precursorMz = null;
        Field pepmass = named.get("pepmass");
        if (pepmass != null) {
            String[] parts = PEPMASS_SEPARATORS.split(stripParentheses(pepmass.value()));
            precursorMz = precursor(parts[0], "PEPMASS", pepmass, source);
            if (parts.length > 1 && !MISSING.contains(parts[1])) {
                metadata.put("precursor_intensity", parts[1]);
            }
            if (parts.length > 2 && !MISSING.contains(parts[2])) {
                metadata.put("charge", parts[2]);
            }
        } else if (named.containsKey("precursor_mz")) {
            precursorMz = precursor(named.get("precursor_mz").value(), "precursor m/z", named.get("precursor_mz"),
                    source);
        }
        metadata.remove("pepmass");
        metadata.remove("precursor_mz");

        String charge = metadata.get("charge");
        if (charge != null) {
            metadata.put("charge", chargeAsInteger(charge));
        }
        String ionmode = null;
        String writtenIonmode = metadata.remove("ionmode");
        if (writtenIonmode != null) {
            String lower = writtenIonmode.toLowerCase(Locale.ROOT);
            if (POSITIVE.contains(lower)) {
                ionmode = "positive";
            } else if (NEGATIVE.contains(lower)) {
                ionmode = "negative";
            } else {
                metadata.put("ionmode", lower);
            }
        }
        return new Spectrum(peaks[0], peaks[1], precursorMz, ionmode, metadata);
    }

    private static Double precursor(String text, String what, Field field, String source) {
        if (MISSING.contains(text)) {
            return null;
        }
        double value = Numbers.parse(text);
        if (Double.isNaN(value) && !Numbers.isNotANumberWord(text)) {
            throw new SpectrumFormatException(source, field.line(), what + " \"" + text + "\" is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new SpectrumFormatException(source, field.line(), what + " \"" + text + "\" is not a finite number");
        }
        if (value < 0) {
            throw new SpectrumFormatException(source, field.line(), what + " \"" + text + "\" is negative");
        }
        return value;
    }

    private static String stripParentheses(String value) {
        String stripped = value.strip();
        if (stripped.startsWith("(") && stripped.endsWith(")")) {
            stripped = stripped.substring(1, stripped.length() - 1).strip();
        }
        return stripped;
    }

    /** matchms' make_charge_int: "+" dropped, a trailing "-" moved to the front; unchanged if not an integer. */
    static String chargeAsInteger(String charge) {
        String text = charge.strip().replace("+", "");
        if (text.length() > 1 && text.endsWith("-")) {
            text = "-" + text.replace("-", "");
        }
        try {
            return Integer.toString(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return charge;
        }
    }

    private static Map<String, String> aliases(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return Map.copyOf(map);
    }
}
