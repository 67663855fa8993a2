package io.modelgate.spectra.formats;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads MSP (NIST, MoNA, GNPS, MS-DIAL spectral library text) as matchms' {@code load_from_msp} does, one
 * spectrum at a time.
 *
 * <p>A spectrum is {@code Key: Value} lines (split at the first {@code :}, both sides trimmed) followed by a
 * {@code Num Peaks: n} line (any case and spacing: {@code Num peaks}, {@code NumPeaks}, {@code num_peaks}) and
 * peak lines holding exactly n peaks; the spectrum ends with its n-th peak (so {@code Num Peaks: 0} is a
 * spectrum with no peak). A peak line holds one or more pairs {@code mz intensity}: separated by {@code ;}
 * (NIST: {@code 41 5; 42 10;}), or all on one line with spaces or tabs, or as {@code mz:intensity} (GOLM); an
 * annotation in double or single quotes ({@code 85.03 100 "C4H5O2+"}) or written after the intensity is
 * ignored. Blank lines are ignored anywhere, lines starting with {@code #} are comments (an addition: matchms
 * has no comment lines), line endings may be {@code \n}, {@code \r\n} or {@code \r}.
 *
 * <p>As in matchms, a {@code Comments:} field that holds {@code key=value} pairs ({@code "SMILES=CCO"
 * "exact mass=46.04"}, MoNA style) is split into those fields (a second {@code SMILES} becomes
 * {@code smiles_2}); other comments stay under {@code comments}. A {@code Synon: $:00in-source} line keeps its
 * sub-key as matchms does ({@code synon_$} = {@code 00in-source}). Keys and values are then harmonised as matchms does (see
 * {@link Harmoniser}): {@code Name} → {@code compound_name}, {@code PrecursorMZ}/{@code PRECURSOR_MZ} →
 * {@link Spectrum#precursorMz()}, {@code Ion_mode}/{@code IONMODE} → {@link Spectrum#ionmode()},
 * {@code DB#}/{@code SPECTRUMID} → {@code spectrum_id}, {@code Num Peaks} kept as {@code num_peaks}.
 *
 * <p>Peaks are sorted by m/z when unsorted (stable: equal m/z keep their file order); peaks with the same m/z
 * are all kept, as matchms keeps them (it only sorts).
 *
 * <p>Malformed input fails with {@link SpectrumFormatException} naming the line: a peak before any
 * {@code Num Peaks}, more or fewer peaks than {@code Num Peaks} announced, a {@code Num Peaks} that is not a
 * whole number or is over {@code maxPeaks} (refused at that line, before any peak is read), an m/z or
 * intensity that is not a number, negative, NaN or infinite, a line that is neither a field nor a peak, and
 * fields without a {@code Num Peaks} at the end of the input.
 */
public final class MspReader extends SpectrumReader {

    private final Harmoniser fields = new Harmoniser();
    private int firstFieldLine;
    private int expected = -1;
    private int numPeaksLine;
    private int lastNumPeaks = -1;
    private int lastNumPeaksLine;

    /** Reads {@code reader} with the default limit of {@value SpectrumReader#DEFAULT_MAX_PEAKS} peaks per spectrum. */
    public MspReader(Reader reader, String source) {
        this(reader, source, DEFAULT_MAX_PEAKS);
    }

    /** Reads {@code reader}; {@code source} names it in messages; a spectrum may hold at most {@code maxPeaks}. */
    public MspReader(Reader reader, String source, int maxPeaks) {
        super(reader, source, maxPeaks);
    }

    @Override
    Spectrum readSpectrum() {
        String line;
        while ((line = lines.next()) != null) {
            String text = line.strip();
            if (text.isEmpty() || text.charAt(0) == '#') {
                continue;
            }
            if (expected >= 0) {
                if (Numbers.startsLikeNumber(text) || text.indexOf(':') < 0) {
                    readPeaks(text);
                    if (peaks.size() == expected) {
                        return finish();
                    }
                    continue;
                }
                throw error("Num Peaks (line " + numPeaksLine + ") announced " + expected + " peaks but "
                        + peaks.size() + " were read before this line");
            }
            if (Numbers.startsLikeNumber(text)) {
                if (fields.size() == 0 && lastNumPeaks >= 0) {
                    throw error("more peaks than Num Peaks (line " + lastNumPeaksLine + ") announced ("
                            + lastNumPeaks + ")");
                }
                throw error("peak line before any Num Peaks line");
            }
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw error("line is neither a \"Key: value\" field nor a peak");
            }
            if (fields.size() == 0) {
                firstFieldLine = lines.number();
            }
            String key = text.substring(0, colon).strip();
            String value = text.substring(colon + 1).strip();
            String name = Harmoniser.harmoniseKey(key);
            if (name.equals("num_peaks")) {
                fields.add(key, value, lines);
                expected = numPeaks(value);
                numPeaksLine = lines.number();
                if (expected == 0) {
                    return finish();
                }
            } else if (name.equals("comments") && value.indexOf('=') >= 0) {
                addComments(value);
            } else if (name.equals("synon") && value.indexOf(':') >= 0) {
                int second = value.indexOf(':');
                fields.add(key + " " + value.substring(0, second).strip(), value.substring(second + 1), lines);
            } else {
                fields.add(key, value, lines);
            }
        }
        if (expected >= 0) {
            throw new SpectrumFormatException(source(), numPeaksLine, "Num Peaks announced " + expected
                    + " peaks but the input ends after " + peaks.size() + " (line " + lines.number() + ")");
        }
        if (fields.size() > 0) {
            throw new SpectrumFormatException(source(), firstFieldLine,
                    "the spectrum that begins here has no Num Peaks line before the input ends");
        }
        return null;
    }

    private Spectrum finish() {
        lastNumPeaks = expected;
        lastNumPeaksLine = numPeaksLine;
        expected = -1;
        return fields.build(peaks.takeSorted(), source());
    }

    private int numPeaks(String value) {
        int count;
        try {
            count = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 0 || !value.chars().allMatch(Character::isDigit)) {
            throw error("Num Peaks \"" + value + "\" is not a whole number");
        }
        if (count > peaks.maxPeaks()) {
            throw error("Num Peaks " + count + " is over the limit of " + peaks.maxPeaks() + " peaks in one spectrum");
        }
        return count;
    }

    /** One peak line: pairs separated by ";", quoted annotations removed. */
    private void readPeaks(String text) {
        for (String group : groupsWithoutQuotes(text)) {
            String[] tokens = group.split("[\\s:]+");
            if (tokens.length == 1) {
                if (!Numbers.isDecimal(tokens[0])) {
                    addPeak(tokens[0], "0");
                }
                throw error("peak \"" + group + "\" has an m/z but no intensity");
            }
            boolean pairs = tokens.length % 2 == 0;
            for (int i = 2; pairs && i < tokens.length; i++) {
                pairs = Numbers.isDecimal(tokens[i]);
            }
            int end = pairs ? tokens.length : 2;
            for (int i = 0; i < end; i += 2) {
                addPeak(tokens[i], tokens[i + 1]);
            }
        }
    }

    private void addPeak(String mz, String intensity) {
        if (peaks.size() == expected) {
            throw error("more peaks than Num Peaks (line " + numPeaksLine + ") announced (" + expected + ")");
        }
        peaks.add(mz, intensity, lines);
    }

    /** The ";"-separated groups of a peak line, each trimmed and non-empty, with quoted text left out. */
    private static List<String> groupsWithoutQuotes(String text) {
        List<String> groups = new ArrayList<>(2);
        StringBuilder group = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean quoteStarts = c == '"' || (c == '\'' && (i == 0 || Character.isWhitespace(text.charAt(i - 1))));
            if (quoteStarts) {
                int close = text.indexOf(c, i + 1);
                i = close < 0 ? text.length() : close + 1;
                group.append(' ');
            } else if (c == ';') {
                addGroup(groups, group);
                i++;
            } else {
                group.append(c);
                i++;
            }
        }
        addGroup(groups, group);
        return groups;
    }

    private static void addGroup(List<String> groups, StringBuilder group) {
        String trimmed = group.toString().strip();
        if (!trimmed.isEmpty()) {
            groups.add(trimmed);
        }
        group.setLength(0);
    }

    /** matchms' reading of {@code Comments: "key=value" "key2=value2" key3="value3" key4=12.5}. */
    private void addComments(String value) {
        String text = value.replace('\'', '"');
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int close = text.indexOf('"', i + 1);
                int end = close < 0 ? n : close;
                addComment(text.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(text.charAt(end))) {
                    if (text.startsWith("=\"", end)) {
                        int close = text.indexOf('"', end + 2);
                        end = close < 0 ? n : close + 1;
                        break;
                    }
                    end++;
                }
                addComment(text.substring(i, end).replace("\"", ""));
                i = end;
            }
        }
    }

    private void addComment(String pair) {
        int equals = pair.indexOf('=');
        if (equals <= 0) {
            return;
        }
        String key = pair.substring(0, equals).strip();
        if (Harmoniser.harmoniseKey(key).equals("smiles") && fields.has("smiles")) {
            key = "smiles_2";
        }
        fields.add(key, pair.substring(equals + 1), lines);
    }

    private SpectrumFormatException error(String reason) {
        return new SpectrumFormatException(source(), lines.number(), reason);
    }
}
