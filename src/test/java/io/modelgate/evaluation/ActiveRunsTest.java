package io.modelgate.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runs of this process at a pause and a shutdown. A run whose store cannot be reached pauses before its next example (the executor's sink asks
 * {@link ActiveRuns.ActiveRun#awaitStore} before each one) and goes on by itself once the store answers again; a
 * cancel ends the pause. At shutdown a run is handed over where the store lets another replica take it, else given
 * up as after a cancel.
 */
class ActiveRunsTest {

    @TempDir
    Path results;

    /** A claim whose store goes away and comes back when the test says so. */
    private static final class SwitchedClaim implements RunClaim {
        final AtomicBoolean unreachable = new AtomicBoolean();
        final boolean handsOver;
        String givenUp;

        SwitchedClaim() {
            this(false);
        }

        SwitchedClaim(boolean handsOver) {
            this.handsOver = handsOver;
        }

        @Override
        public boolean handsOver() {
            return handsOver;
        }

        @Override
        public void handOver() {
            givenUp = "handed over";
        }

        @Override
        public String stopReason() {
            return null;
        }

        @Override
        public boolean storeUnreachable() {
            return unreachable.get();
        }

        @Override
        public void report(RunProgress progress) {
        }

        @Override
        public void close() {
            givenUp = "closed";
        }
    }

    private ActiveRuns.ActiveRun register(ActiveRuns active, SwitchedClaim claim) {
        RunSpec spec = new RunSpec("run-1", "penguins", "penguins-test", "ab", "s", null, Instant.EPOCH);
        return active.register(spec, new RunProgress("run-1", "s", "penguins-test", 0, 69, 0, "running", null), claim);
    }

    @Test
    void aRunWaitsBeforeItsNextExampleWhileTheStoreIsAwayAndGoesOnWhenItIsBack() throws Exception {
        ActiveRuns active = new ActiveRuns(new LedgerFile(results), new RunFiles(results));
        SwitchedClaim claim = new SwitchedClaim();
        ActiveRuns.ActiveRun run = register(active, claim);
        claim.unreachable.set(true);

        CompletableFuture<Void> nextExample = CompletableFuture.runAsync(run::awaitStore);
        assertThrows(TimeoutException.class, () -> nextExample.get(500, TimeUnit.MILLISECONDS), "paused");

        claim.unreachable.set(false);
        nextExample.get(2, TimeUnit.SECONDS);
        assertFalse(run.cancelled(), "a pause is not a cancel");
    }

    @Test
    void aCancelEndsThePause() throws Exception {
        ActiveRuns active = new ActiveRuns(new LedgerFile(results), new RunFiles(results));
        SwitchedClaim claim = new SwitchedClaim();
        ActiveRuns.ActiveRun run = register(active, claim);
        claim.unreachable.set(true);
        CompletableFuture<Void> nextExample = CompletableFuture.runAsync(run::awaitStore);

        assertTrue(active.cancel("run-1"));
        nextExample.get(2, TimeUnit.SECONDS);
        assertTrue(run.cancelled());
    }

    @Test
    void atShutdownARunIsHandedOverWhereItsStoreLetsAnotherReplicaTakeItAndClosedElsewhere() {
        for (boolean handsOver : new boolean[] {true, false}) {
            ActiveRuns active = new ActiveRuns(new LedgerFile(results), new RunFiles(results));
            SwitchedClaim claim = new SwitchedClaim(handsOver);
            ActiveRuns.ActiveRun run = register(active, claim);

            active.handOverAll();
            assertTrue(run.cancelled(), "it stops asking");
            assertEquals(handsOver, run.handedOver());
            active.finish(run);

            assertEquals(handsOver ? "handed over" : "closed", claim.givenUp);
        }
    }

    @Test
    void aRunHandedOverLetsItsCallsInFlightFinishSoTheirAnswersAreSavedWhileACancelAbortsThem() {
        ActiveRuns active = new ActiveRuns(new LedgerFile(results), new RunFiles(results));
        ActiveRuns.ActiveRun handedOver = register(active, new SwitchedClaim(true));
        active.handOverAll();
        assertTrue(handedOver.cancelled(), "it asks nothing more");
        assertFalse(handedOver.aborted(), "the answers in flight are already paid for: they land in its answer log");
        active.finish(handedOver);

        ActiveRuns.ActiveRun cancelled = register(active, new SwitchedClaim(true));
        active.cancel("run-1");
        assertTrue(cancelled.aborted(), "a cancel ends the run at once, even with an LLM that hangs");
    }
}
