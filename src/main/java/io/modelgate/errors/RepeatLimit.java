package io.modelgate.errors;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * At most one line per kind per interval: a model being unloaded under load answers thousands of 503s a second,
 * and one WARN line each would drown the log. The lines held back are counted, and the next line let through
 * says how many there were.
 */
final class RepeatLimit {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    /** The time the last line of a kind went out, and how many were held back since. */
    private record Window(long sentAt, long heldBack) {
    }

    RepeatLimit(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Whether a line of this kind may go out now: if so, how many of its kind were held back since the last one
     * (0 for the first); empty while the interval since the last one has not passed, the line counted as held back.
     */
    OptionalLong tryLog(String kind) {
        long now = nanoClock.getAsLong();
        long[] released = {-1};
        windows.compute(kind, (k, window) -> {
            if (window == null || now - window.sentAt() >= intervalNanos) {
                released[0] = window == null ? 0 : window.heldBack();
                return new Window(now, 0);
            }
            return new Window(window.sentAt(), window.heldBack() + 1);
        });
        return released[0] < 0 ? OptionalLong.empty() : OptionalLong.of(released[0]);
    }
}
