package io.modelgate.spectra.formats;

import java.io.Closeable;
import java.io.Reader;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Spectra read one at a time from MGF or MSP text, so that a file of any size takes the memory of one
 * spectrum. {@link #hasNext()} and {@link #next()} throw {@link SpectrumFormatException} (with source, line
 * and reason) when the text is malformed and {@link java.io.UncheckedIOException} when it cannot be read.
 * Close it to close the underlying reader. Not thread-safe.
 */
public abstract sealed class SpectrumReader implements Iterator<Spectrum>, Closeable permits MgfReader, MspReader {

    /** The default limit on peaks in one spectrum. */
    public static final int DEFAULT_MAX_PEAKS = 100_000;

    final Lines lines;
    final Peaks peaks;
    private Spectrum next;
    private boolean finished;

    /** Reads {@code reader}; {@code source} names it in messages; a spectrum may hold at most {@code maxPeaks}. */
    SpectrumReader(Reader reader, String source, int maxPeaks) {
        this.lines = new Lines(reader, source);
        this.peaks = new Peaks(maxPeaks);
    }

    /** The next spectrum of the text, or null at its end. */
    abstract Spectrum readSpectrum();

    /** The file name or "the request body" used in messages. */
    public String source() {
        return lines.source();
    }

    @Override
    public boolean hasNext() {
        if (next == null && !finished) {
            next = readSpectrum();
            finished = next == null;
        }
        return next != null;
    }

    @Override
    public Spectrum next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more spectra in " + source());
        }
        Spectrum spectrum = next;
        next = null;
        return spectrum;
    }

    /** The spectra left, in file order, as a sequential stream (closing the stream closes this reader). */
    public Stream<Spectrum> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    @Override
    public void close() {
        lines.close();
    }
}
