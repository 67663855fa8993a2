package io.modelgate.spectra.formats;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;

/**
 * Reads text one line at a time, counting lines from 1: {@code \n}, {@code \r\n} and a lone {@code \r} end a
 * line; a byte order mark at the start is dropped. A line longer than {@link #MAX_LINE_CHARS} fails (a body
 * that is one endless line must not be held in memory).
 */
final class Lines implements AutoCloseable {

    /** 8 Mi characters: room for an MSP line of 100,000 "mz intensity;" pairs, several times over. */
    static final int MAX_LINE_CHARS = 8 * 1024 * 1024;

    private final Reader reader;
    private final String source;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private int number;
    private boolean skipLineFeed;
    private boolean endOfInput;

    Lines(Reader reader, String source) {
        this.reader = reader;
        this.source = source;
    }

    /** The number of the line last returned by {@link #next()} (1-based), or 0 before the first. */
    int number() {
        return number;
    }

    String source() {
        return source;
    }

    /** The next line without its line ending, or null at the end of the input. */
    String next() {
        StringBuilder longLine = null;
        while (true) {
            if (position >= limit && !fill()) {
                if (longLine != null) {
                    number++;
                    return longLine.toString();
                }
                return null;
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            int start = position;
            while (position < limit) {
                char c = buffer[position];
                if (c == '\n' || c == '\r') {
                    int end = position;
                    position++;
                    skipLineFeed = c == '\r';
                    number++;
                    String line;
                    if (longLine == null) {
                        line = new String(buffer, start, end - start);
                    } else {
                        checkLength(longLine.length() + end - start);
                        line = longLine.append(buffer, start, end - start).toString();
                    }
                    return number == 1 ? dropByteOrderMark(line) : line;
                }
                position++;
            }
            if (longLine == null) {
                longLine = new StringBuilder(Math.max(16, (position - start) * 2));
            }
            checkLength(longLine.length() + position - start);
            longLine.append(buffer, start, position - start);
            if (number == 0 && longLine.length() > 0 && longLine.charAt(0) == '\uFEFF') {
                longLine.deleteCharAt(0);
            }
        }
    }

    private void checkLength(int length) {
        if (length > MAX_LINE_CHARS) {
            throw new SpectrumFormatException(source, number + 1,
                    "line is longer than " + MAX_LINE_CHARS + " characters");
        }
    }

    private static String dropByteOrderMark(String line) {
        return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    }

    private boolean fill() {
        if (endOfInput) {
            return false;
        }
        try {
            int read;
            do {
                read = reader.read(buffer, 0, buffer.length);
            } while (read == 0);
            if (read < 0) {
                endOfInput = true;
                return false;
            }
            position = 0;
            limit = read;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + source + ": " + e.getMessage(), e);
        }
    }
}
