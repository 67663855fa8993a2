package io.modelgate.prompting.llm;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdaptiveLimitTest {

    @Test
    void aRateLimitHalvesTheLimitDownToOne() {
        AdaptiveLimit limit = new AdaptiveLimit(8);
        limit.onRateLimited();
        assertEquals(4, limit.limit());
        limit.onRateLimited();
        limit.onRateLimited();
        limit.onRateLimited();
        limit.onRateLimited();
        assertEquals(1, limit.limit());
    }

    @Test
    void successesRaiseItByOneAfterAsManyInARowAsTheLimitUpToTheMaximum() {
        AdaptiveLimit limit = new AdaptiveLimit(4);
        limit.onRateLimited();
        limit.onRateLimited();
        assertEquals(1, limit.limit());
        limit.onSuccess();
        assertEquals(2, limit.limit());
        limit.onSuccess();
        assertEquals(2, limit.limit());
        limit.onSuccess();
        assertEquals(3, limit.limit());
        for (int i = 0; i < 100; i++) {
            limit.onSuccess();
        }
        assertEquals(4, limit.limit());
    }

    @Test
    void aRateLimitInTheMiddleStartsTheCountAgain() {
        AdaptiveLimit limit = new AdaptiveLimit(8);
        limit.onRateLimited();
        limit.onSuccess();
        limit.onSuccess();
        limit.onSuccess();
        limit.onRateLimited();
        assertEquals(2, limit.limit());
        limit.onSuccess();
        assertEquals(2, limit.limit());
    }

    @Test
    void noMoreRequestsThanTheLimitGetInAndAReleaseLetsTheNextIn() throws Exception {
        AdaptiveLimit limit = new AdaptiveLimit(2);
        limit.onRateLimited();
        assertTrue(limit.acquire(0));
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean waited = new AtomicBoolean();
        Thread second = new Thread(() -> {
            try {
                waited.set(limit.acquire(TimeUnit.SECONDS.toNanos(10)));
                entered.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        second.start();
        assertFalse(entered.await(200, TimeUnit.MILLISECONDS), "a second request got in past a limit of 1");
        limit.release();
        assertTrue(entered.await(5, TimeUnit.SECONDS));
        assertTrue(waited.get());
        assertEquals(1, limit.inFlight());
        second.join();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveLimit(0));
    }

    @Test
    void aWaitForASlotEndsUnansweredAfterItsBound() throws Exception {
        AdaptiveLimit limit = new AdaptiveLimit(1);
        assertTrue(limit.acquire(0));
        long started = System.nanoTime();
        assertFalse(limit.acquire(TimeUnit.MILLISECONDS.toNanos(200)), "a full limit handed out a second slot");
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waitedMs >= 150 && waitedMs < 5000, "waited " + waitedMs + " ms for a bound of 200 ms");
        assertEquals(1, limit.inFlight());
    }
}
