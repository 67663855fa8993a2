package io.modelgate.spectra;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.formats.Spectrum;
import io.modelgate.spectra.formats.SpectrumFiles;
import io.modelgate.spectra.formats.SpectrumJson;
import io.modelgate.spectra.formats.SpectrumReader;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Reads the spectra of a request to the spectra and library endpoints: a JSON list of spectrum objects, or an MGF
 * or MSP body, within {@code modelgate.spectra.max-peaks} and {@code max-spectra-per-request}; and says how
 * messages name them.
 */
@ApplicationScoped
public class SpectraRequests {

    /** The media type of an MGF or MSP body to a request that only reads (spectra, library search). */
    public static final String TEXT_TYPES = "text/plain";

    /**
     * The media types of an MGF or MSP file that builds a library: not {@code text/plain}, which a page on another
     * site can make a browser send (the access package's StateChangeBodyTypes refuses it there).
     */
    public static final String MGF = "application/x-mgf";
    public static final String MSP = "application/x-msp";

    /** How messages name the spectra of an MGF or MSP body. */
    public static final IntFunction<String> IN_BODY = row -> "spectrum " + (row + 1) + " of the body";

    private final SpectraConfig config;

    public SpectraRequests(SpectraConfig config) {
        this.config = config;
    }

    /** How messages name the spectra of the JSON list {@code field}. */
    public static IntFunction<String> inJson(String field) {
        return row -> field + "[" + row + "]";
    }

    /** The spectra of JSON field {@code field} of the body: a non-empty list of spectrum objects, each with peaks. */
    public List<Spectrum> fromJson(JsonNode body, String field) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("the body must be a JSON object with field '" + field
                    + "': a list of spectra, or an MGF or MSP file (Content-Type text/plain)");
        }
        JsonNode list = body.get(field);
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidInputException("field '" + field + "' is required: a non-empty list of spectra"
                    + " {\"mz\": [...], \"intensities\": [...], …}, got " + SpectrumJson.kind(list));
        }
        int maxSpectra = config.maxSpectraPerRequest();
        if (list.size() > maxSpectra) {
            throw new InvalidInputException("field '" + field + "' has " + list.size() + " spectra; at most "
                    + maxSpectra + " in one request");
        }
        List<Spectrum> spectra = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String path = field + "[" + i + "]";
            spectra.add(SpectrumJson.requireComparable(SpectrumJson.read(list.get(i), path, config.maxPeaks()), path));
        }
        return spectra;
    }

    /** The spectra of an MGF or MSP body (told apart by content), each with peaks. */
    public List<Spectrum> fromText(InputStream body) {
        int maxSpectra = config.maxSpectraPerRequest();
        List<Spectrum> spectra = new ArrayList<>();
        try (SpectrumReader reader = SpectrumFiles.open(SpectrumFiles.utf8(body), "the request body", config.maxPeaks())) {
            while (reader.hasNext()) {
                Spectrum spectrum = reader.next();
                if (spectra.size() == maxSpectra) {
                    throw new InvalidInputException("the request body has more than " + maxSpectra
                            + " spectra; at most " + maxSpectra + " in one request");
                }
                spectra.add(SpectrumJson.requireComparable(spectrum,
                        "spectrum " + (spectra.size() + 1) + idOf(spectrum) + " of the body"));
            }
        }
        if (spectra.isEmpty()) {
            throw new InvalidInputException("the request body holds no spectrum; expected MGF (BEGIN IONS … END IONS)"
                    + " or MSP (Name: … Num Peaks: …)");
        }
        return spectra;
    }

    private static String idOf(Spectrum spectrum) {
        String id = spectrum.get("spectrum_id");
        return id == null ? "" : " (" + id + ")";
    }
}
