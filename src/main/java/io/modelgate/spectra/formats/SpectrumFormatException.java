package io.modelgate.spectra.formats;

import io.modelgate.errors.ApiException;

/**
 * A spectrum file (MGF or MSP) that cannot be read: the message names the source (a file name or
 * "request body"), the 1-based line and the reason, e.g. {@code spectra.mgf line 17: peak m/z "abc" is not a
 * number}. Answered with 400 by the common mapper when it reaches an endpoint.
 */
public final class SpectrumFormatException extends ApiException {

    private final String source;
    private final int line;
    private final String reason;

    /** A failure at one line (1-based). */
    public SpectrumFormatException(String source, int line, String reason) {
        super(source + " line " + line + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** A failure that belongs to no one line (e.g. the format cannot be told). */
    public SpectrumFormatException(String source, String reason) {
        super(source + ": " + reason);
        this.source = source;
        this.line = 0;
        this.reason = reason;
    }

    /** The file name or "request body" the spectra came from. */
    public String source() {
        return source;
    }

    /** The 1-based line number, or 0 when the failure belongs to no one line. */
    public int line() {
        return line;
    }

    /** The reason without source and line. */
    public String reason() {
        return reason;
    }

    @Override
    public int status() {
        return 400;
    }
}
