package io.modelgate.spectra.formats;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads MGF (Mascot Generic Format) as matchms does through pyteomics, one spectrum at a time.
 *
 * <p>A spectrum is the lines from {@code BEGIN IONS} to {@code END IONS} (either in any case, with spaces
 * around). Inside it a line is a comment when it starts with {@code # ; ! /}, a peak when it starts like a
 * number ({@code mz intensity [annotation or charge…]}, split on spaces or tabs; what follows the intensity is
 * ignored), and otherwise a {@code KEY=VALUE} field (split at the first {@code =}, both sides trimmed). Before
 * the first {@code BEGIN IONS}, {@code KEY=VALUE} lines are the file header: they are defaults for every
 * spectrum, which may override them (pyteomics' {@code use_header}). Between spectra, lines that are not peaks
 * are ignored (trailing junk after {@code END IONS}). Blank lines are ignored anywhere; line endings may be
 * {@code \n}, {@code \r\n} or {@code \r}. Field names and values are harmonised as matchms harmonises them (see
 * {@link Harmoniser}): e.g. {@code PEPMASS} → {@link Spectrum#precursorMz()}, {@code IONMODE} →
 * {@link Spectrum#ionmode()}, {@code NAME}/{@code COMPOUND_NAME} → {@code compound_name}, {@code SPECTRUMID}
 * → {@code spectrum_id}; a missing {@code PEPMASS} leaves the precursor null (or takes {@code PRECURSOR_MZ}).
 *
 * <p>Peaks are sorted by m/z when the file lists them unsorted (a stable sort: peaks of equal m/z keep their
 * file order). Peaks with the same m/z are all kept, as matchms keeps them (its loaders only sort; its
 * {@code Fragments} class requires m/z to be non-decreasing, not strictly increasing). A spectrum with no peak
 * is read with 0 peaks.
 *
 * <p>Malformed input fails with {@link SpectrumFormatException} naming the line: a {@code BEGIN IONS} inside a
 * spectrum, an {@code END IONS} outside one, a spectrum that is never closed, a peak outside a spectrum, a
 * peak line without an intensity, an m/z or intensity that is not a number, negative, NaN or infinite, a
 * PEPMASS that is not a number, and more than {@code maxPeaks} peaks in one spectrum (checked as they are read,
 * so a body of a million peaks fails at the peak past the limit).
 */
public final class MgfReader extends SpectrumReader {

    private static final String COMMENT_STARTS = "#;!/";

    private final Harmoniser fields = new Harmoniser();
    private final List<String[]> header = new ArrayList<>();
    private boolean seenFirstSpectrum;

    /** Reads {@code reader} with the default limit of {@value SpectrumReader#DEFAULT_MAX_PEAKS} peaks per spectrum. */
    public MgfReader(Reader reader, String source) {
        this(reader, source, DEFAULT_MAX_PEAKS);
    }

    /** Reads {@code reader}; {@code source} names it in messages; a spectrum may hold at most {@code maxPeaks}. */
    public MgfReader(Reader reader, String source, int maxPeaks) {
        super(reader, source, maxPeaks);
    }

    @Override
    Spectrum readSpectrum() {
        String line;
        while ((line = lines.next()) != null) {
            String text = line.strip();
            if (text.isEmpty() || COMMENT_STARTS.indexOf(text.charAt(0)) >= 0) {
                continue;
            }
            if (isMarker(text, "BEGIN IONS")) {
                seenFirstSpectrum = true;
                return readIons(lines.number());
            }
            if (isMarker(text, "END IONS")) {
                throw error("END IONS without a BEGIN IONS before it");
            }
            if (Numbers.startsLikeNumber(text) && Numbers.isDecimal(firstToken(text))) {
                throw error("peak outside BEGIN IONS … END IONS");
            }
            int equals = text.indexOf('=');
            if (!seenFirstSpectrum && equals > 0) {
                header.add(new String[]{text.substring(0, equals), text.substring(equals + 1)});
            }
            // Anything else between spectra is ignored, as pyteomics ignores it.
        }
        return null;
    }

    private Spectrum readIons(int beginLine) {
        for (String[] field : header) {
            fields.add(field[0], field[1], lines);
        }
        String line;
        while ((line = lines.next()) != null) {
            String text = line.strip();
            if (text.isEmpty() || COMMENT_STARTS.indexOf(text.charAt(0)) >= 0) {
                continue;
            }
            if (Numbers.startsLikeNumber(text)) {
                addPeak(text);
            } else if (isMarker(text, "END IONS")) {
                return fields.build(peaks.takeSorted(), source());
            } else if (isMarker(text, "BEGIN IONS")) {
                throw error("BEGIN IONS inside the spectrum that begins at line " + beginLine
                        + " (END IONS missing)");
            } else if (text.indexOf('=') > 0) {
                int equals = text.indexOf('=');
                fields.add(text.substring(0, equals), text.substring(equals + 1), lines);
            } else {
                addPeak(text);
            }
        }
        throw new SpectrumFormatException(source(), beginLine,
                "BEGIN IONS is never closed by END IONS (the input ends at line " + lines.number() + ")");
    }

    private void addPeak(String text) {
        String[] tokens = text.split("[ \\t]+", 3);
        if (tokens.length < 2) {
            if (!Numbers.isDecimal(tokens[0])) {
                // Reports a bad m/z first, like any other peak line.
                peaks.add(tokens[0], "0", lines);
            }
            throw error("peak line \"" + text + "\" has an m/z but no intensity");
        }
        peaks.add(tokens[0], tokens[1], lines);
    }

    private static boolean isMarker(String text, String marker) {
        if (text.length() < marker.length() || text.length() > marker.length() + 16) {
            return false;
        }
        return text.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").equals(marker);
    }

    private static String firstToken(String text) {
        int end = 0;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end);
    }

    private SpectrumFormatException error(String reason) {
        return new SpectrumFormatException(source(), lines.number(), reason);
    }
}
