package io.modelgate.spectra;

import java.io.Closeable;
import java.util.Iterator;
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
public sealed interface SpectrumReader extends Iterator<Spectrum>, Closeable permits MgfReader, MspReader {

    /** The default limit on peaks in one spectrum. */
    int DEFAULT_MAX_PEAKS = 100_000;

    /** The file name or "request body" used in messages. */
    String source();

    /** The spectra left, in file order, as a sequential stream (closing the stream closes this reader). */
    default Stream<Spectrum> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    @Override
    void close();
}
