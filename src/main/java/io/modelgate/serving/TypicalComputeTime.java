package io.modelgate.serving;

/**
 * How long a model version's runs typically take: an exponentially weighted mean of its recent compute times
 * (each new run weighs 1/8), unknown until the first run. Whether a request may run on the I/O thread that
 * received it is decided from this, so one slow run moves it quickly and one fast run after slow ones does not.
 */
final class TypicalComputeTime {

    private static final long UNKNOWN = Long.MAX_VALUE;

    private volatile long nanos = UNKNOWN;

    void record(long runNanos) {
        long current = nanos;
        // Racing updates may drop one sample; the mean needs no more precision than that.
        nanos = current == UNKNOWN ? runNanos : current + (runNanos - current) / 8;
    }

    /** Whether runs typically take no longer than the limit; false while no run was timed. */
    boolean atMost(long limitNanos) {
        return nanos <= limitNanos;
    }
}
