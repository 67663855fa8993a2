package io.modelgate.prompting.llm;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many requests an LLM gets at once: at most its configured maximum, halved on every rate-limit answer
 * (429) and raised by one after as many successes in a row as the limit is (additive increase, multiplicative
 * decrease, as TCP does), so that a run backs off a rate-limited provider and finds its pace again by itself.
 * Fair: waiters are let in in the order they came.
 */
final class AdaptiveLimit {

    private final int maximum;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition freed = lock.newCondition();
    private int limit;
    private int inFlight;
    private int successes;

    AdaptiveLimit(int maximum) {
        if (maximum < 1) {
            throw new IllegalArgumentException("the most concurrent requests must be 1 or more, got " + maximum);
        }
        this.maximum = maximum;
        this.limit = maximum;
    }

    /** Takes a slot, waiting at most {@code maxWaitNanos} for one; false when none came free in time. */
    boolean acquire(long maxWaitNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long left = maxWaitNanos;
            while (inFlight >= limit) {
                if (left <= 0) {
                    return false;
                }
                left = freed.awaitNanos(left);
            }
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            inFlight--;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** An answer that was not a rate limit: after {@code limit} of them in a row, one more request at once. */
    void onSuccess() {
        lock.lock();
        try {
            if (limit < maximum && ++successes >= limit) {
                limit++;
                successes = 0;
                freed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A 429: half as many requests at once, at least one. */
    void onRateLimited() {
        lock.lock();
        try {
            limit = Math.max(1, limit / 2);
            successes = 0;
        } finally {
            lock.unlock();
        }
    }

    int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }
}
