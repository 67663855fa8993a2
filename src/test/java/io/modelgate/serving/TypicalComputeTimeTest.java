package io.modelgate.serving;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypicalComputeTimeTest {

    @Test
    void nothingIsShortBeforeTheFirstRunIsTimed() {
        assertFalse(new TypicalComputeTime().atMost(Long.MAX_VALUE - 1));
    }

    @Test
    void theFirstRunSetsTheTypicalTime() {
        TypicalComputeTime time = new TypicalComputeTime();
        time.record(20_000);
        assertTrue(time.atMost(20_000));
        assertFalse(time.atMost(19_999));
    }

    @Test
    void oneSlowRunMovesItPastTheLimitAndFastRunsBringItBackGradually() {
        TypicalComputeTime time = new TypicalComputeTime();
        time.record(10_000);
        time.record(50_000_000); // one 50 ms run: 10 µs + (50 ms - 10 µs) / 8, over a 1 ms limit at once
        assertFalse(time.atMost(1_000_000));
        int fastRuns = 0;
        while (!time.atMost(1_000_000)) {
            time.record(10_000);
            fastRuns++;
        }
        // (7/8)^n of 6.26 ms falls under 1 ms after 14 runs: one fast run does not undo a slow one.
        assertTrue(fastRuns >= 10 && fastRuns <= 16, "fast runs: " + fastRuns);
    }
}
