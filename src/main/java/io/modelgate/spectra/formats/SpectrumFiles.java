package io.modelgate.spectra.formats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The entry point for reading spectrum files: picks {@link MgfReader} or {@link MspReader} by the file's
 * extension ({@code .mgf}, {@code .msp}) or, failing that, by its content (MGF has a {@code BEGIN IONS} line,
 * MSP a {@code Name:} or {@code Num Peaks:} line in the first {@value #SNIFF_CHARS} characters). Files are read
 * as UTF-8; bytes that are not UTF-8 become U+FFFD instead of failing (matchms reads MSP with
 * {@code errors="ignore"}).
 */
public final class SpectrumFiles {

    /** How much of the text content detection looks at. */
    public static final int SNIFF_CHARS = 64 * 1024;

    private static final Pattern MSP_FIELD = Pattern.compile("(?im)^[ \\t\\uFEFF]*(name|num[ _]?peaks)[ \\t]*:");
    private static final Pattern MGF_BEGIN = Pattern.compile("(?im)^[ \\t\\uFEFF]*begin[ \\t]+ions[ \\t]*$");

    /** The two formats read. */
    public enum Format {
        MGF, MSP
    }

    private SpectrumFiles() {
    }

    /** The format a file name's extension names, if it names one. */
    public static Optional<Format> formatOf(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".mgf")) {
            return Optional.of(Format.MGF);
        }
        if (lower.endsWith(".msp")) {
            return Optional.of(Format.MSP);
        }
        return Optional.empty();
    }

    /** Opens a file with the default peak limit; the caller closes the reader. */
    public static SpectrumReader open(Path file) throws IOException {
        return open(file, SpectrumReader.DEFAULT_MAX_PEAKS);
    }

    /** Opens a file; the format comes from its extension, else from its content; the caller closes the reader. */
    public static SpectrumReader open(Path file, int maxPeaks) throws IOException {
        String name = file.getFileName().toString();
        Reader reader = utf8(Files.newInputStream(file));
        try {
            Optional<Format> format = formatOf(name);
            return format.isPresent() ? open(reader, name, format.get(), maxPeaks) : open(reader, name, maxPeaks);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Reads text whose format is told from its content (e.g. a request body); the caller closes the reader. */
    public static SpectrumReader open(Reader text, String source, int maxPeaks) {
        BufferedReader buffered = new BufferedReader(text, SNIFF_CHARS);
        return open(buffered, source, detect(buffered, source), maxPeaks);
    }

    /** Reads text of a known format; {@code source} names it in messages; the caller closes the reader. */
    public static SpectrumReader open(Reader text, String source, Format format, int maxPeaks) {
        return switch (format) {
            case MGF -> new MgfReader(text, source, maxPeaks);
            case MSP -> new MspReader(text, source, maxPeaks);
        };
    }

    /** Reads every spectrum of a file into {@code each}, one at a time; returns how many there were. */
    public static long read(Path file, Consumer<Spectrum> each) throws IOException {
        long count = 0;
        try (SpectrumReader reader = open(file)) {
            while (reader.hasNext()) {
                each.accept(reader.next());
                count++;
            }
        }
        return count;
    }

    /** Text from UTF-8 bytes, malformed bytes replaced. */
    public static Reader utf8(InputStream bytes) {
        return new InputStreamReader(bytes, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    /** The format of the text ahead in {@code text}, which is reset to where it was. */
    public static Format detect(BufferedReader text, String source) {
        char[] head = new char[SNIFF_CHARS];
        int length = 0;
        try {
            text.mark(SNIFF_CHARS);
            int read;
            while (length < head.length && (read = text.read(head, length, head.length - length)) > 0) {
                length += read;
            }
            text.reset();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
        String start = new String(head, 0, length);
        if (MGF_BEGIN.matcher(start).find()) {
            return Format.MGF;
        }
        if (MSP_FIELD.matcher(start).find()) {
            return Format.MSP;
        }
        throw new SpectrumFormatException(source, "cannot tell the format: neither MGF (no BEGIN IONS line) nor MSP"
                + " (no Name: or Num Peaks: line) in the first " + SNIFF_CHARS + " characters");
    }
}
