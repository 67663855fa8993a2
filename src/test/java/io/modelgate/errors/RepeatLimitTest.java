package io.modelgate.errors;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RepeatLimitTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final RepeatLimit limit = new RepeatLimit(Duration.ofSeconds(10), now::get);

    @Test
    void firstLineOfAKindGoesOutAndRepeatsWithinTheIntervalAreHeldBack() {
        assertEquals(OptionalLong.of(0), limit.tryLog("503"));
        for (int i = 0; i < 7_494; i++) {
            assertEquals(OptionalLong.empty(), limit.tryLog("503"));
        }
    }

    @Test
    void afterTheIntervalTheNextLineSaysHowManyWereHeldBack() {
        limit.tryLog("503");
        limit.tryLog("503");
        limit.tryLog("503");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(OptionalLong.of(2), limit.tryLog("503"));
        assertEquals(OptionalLong.empty(), limit.tryLog("503"), "a new interval starts");
    }

    @Test
    void kindsAreLimitedApart() {
        assertEquals(OptionalLong.of(0), limit.tryLog("503"));
        assertEquals(OptionalLong.of(0), limit.tryLog("504"));
    }
}
