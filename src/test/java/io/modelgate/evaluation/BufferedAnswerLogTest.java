package io.modelgate.evaluation;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Answers on their way to a store that goes away mid-run: kept, and all saved once it answers again. */
class BufferedAnswerLogTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static ExampleResult answer(String id) {
        return new ExampleResult(id, "Adelie", "Adelie", false, 1.0, 0, 0, null, null, null);
    }

    /** A store that fails its first {@code failures} writes, then saves. */
    private static Consumer<List<ExampleResult>> storeAwayFor(int failures, List<ExampleResult> saved, AtomicInteger tries) {
        return batch -> {
            if (tries.incrementAndGet() <= failures) {
                throw new IllegalStateException("cannot save answers in PostgreSQL: connection refused");
            }
            saved.addAll(batch);
        };
    }

    @Test
    void answersThatCouldNotBeWrittenWaitAndAreAllSavedOnceWhenTheStoreIsBack() {
        List<ExampleResult> saved = new ArrayList<>();
        AtomicInteger tries = new AtomicInteger();
        BufferedAnswerLog log = new BufferedAnswerLog(storeAwayFor(3, saved, tries), 2, Duration.ofHours(1), timer,
                Duration.ofMillis(10));

        log.add(answer("e1"));
        log.add(answer("e2")); // a full batch meets the store away: kept, the run goes on
        log.add(answer("e3"));
        log.close();

        assertEquals(List.of("e1", "e2", "e3"), saved.stream().map(ExampleResult::id).toList(), "nothing lost, nothing twice");
        assertTrue(tries.get() >= 4, "closing waited for the store: " + tries.get() + " tries");
    }

    @Test
    void anInterruptEndsTheWaitWithTheStoresError() {
        List<ExampleResult> saved = new ArrayList<>();
        BufferedAnswerLog log = new BufferedAnswerLog(storeAwayFor(Integer.MAX_VALUE, saved, new AtomicInteger()), 10,
                Duration.ofHours(1), timer, Duration.ofMillis(10));
        log.add(answer("e1"));

        Thread.currentThread().interrupt();
        IllegalStateException failed = assertThrows(IllegalStateException.class, log::close);

        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        assertTrue(failed.getMessage().contains("connection refused"), failed.getMessage());
        assertEquals(List.of(), saved);
    }
}
