package io.modelgate.spectra.formats;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Text for the spectrum reader tests: fixtures, and readers that make very long inputs on the fly. */
final class SpectrumTestText {

    static final Path FIXTURES = Path.of("src/test/resources/spectra");

    private SpectrumTestText() {
    }

    static String fixture(String name) {
        try {
            return Files.readString(FIXTURES.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Spectrum> readMgf(String text) {
        return readAll(new MgfReader(new StringReader(text), "test.mgf"));
    }

    static List<Spectrum> readMsp(String text) {
        return readAll(new MspReader(new StringReader(text), "test.msp"));
    }

    static List<Spectrum> readAll(SpectrumReader reader) {
        List<Spectrum> spectra = new ArrayList<>();
        try (reader) {
            reader.forEachRemaining(spectra::add);
        }
        return spectra;
    }

    /**
     * A reader whose text is made piece by piece, {@code pieces.apply(i)} for i = 0, 1, … until it returns null;
     * it holds one piece at a time and counts the characters it has handed out.
     */
    static final class GeneratedText extends Reader {

        private final IntFunction<String> pieces;
        private String piece = "";
        private int position;
        private int index;
        private long handedOut;

        GeneratedText(IntFunction<String> pieces) {
            this.pieces = pieces;
        }

        long handedOut() {
            return handedOut;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            while (piece != null && position == piece.length()) {
                piece = pieces.apply(index++);
                position = 0;
            }
            if (piece == null) {
                return -1;
            }
            int count = Math.min(length, piece.length() - position);
            piece.getChars(position, position + count, buffer, offset);
            position += count;
            handedOut += count;
            return count;
        }

        @Override
        public void close() {
        }
    }
}
