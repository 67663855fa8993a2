package io.modelgate.evaluation;

import io.modelgate.errors.ConflictException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The runs in progress in this process: where each stands, and the flag that cancels it. A run another replica runs
 * (postgresql store) is answered from the progress its owner reports to the store, and cancelled through the store; a
 * finished run's progress is read back from its ledger row, so a client that asks late still gets an answer.
 */
@ApplicationScoped
public class ActiveRuns {

    private static final Logger LOG = Logger.getLogger(ActiveRuns.class);
    /** How often a paused run looks whether its lease's heartbeat reached the store again. */
    private static final long STORE_POLL_MS = 100;

    private final Map<String, ActiveRun> runs = new ConcurrentHashMap<>();
    private final LedgerStore ledger;
    private final RunStore store;

    ActiveRuns(LedgerStore ledger, RunStore store) {
        this.ledger = ledger;
        this.store = store;
    }

    /** One run in progress; the executor updates it from several batch threads at once. */
    static final class ActiveRun {
        private final RunSpec spec;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        /** This process shuts down: the run stops asking and is left for another replica rather than cancelled. */
        private final AtomicBoolean handingOver = new AtomicBoolean();
        private final RunClaim claim;
        private volatile RunProgress progress;

        private ActiveRun(RunSpec spec, RunProgress progress, RunClaim claim) {
            this.spec = spec;
            this.progress = progress;
            this.claim = claim;
            claim.report(progress);
        }

        RunProgress progress() {
            return progress;
        }

        /**
         * Cancelled here, through another replica, its lease lost to another replica, or handed over at shutdown: it
         * stops asking.
         */
        boolean cancelled() {
            return cancelled.get() || handingOver.get() || claim.stopReason() != null;
        }

        /**
         * Cancelled here or through another replica, or its lease lost to another replica: the calls in flight are
         * aborted too. A run handed over at shutdown is not: its calls in flight finish within the shutdown grace and
         * their answers (already paid for) are saved, so that the replica taking it over does not ask them again.
         */
        boolean aborted() {
            return cancelled.get() || claim.stopReason() != null;
        }

        /** Stopped to be taken over by another replica (postgresql store), not cancelled; see {@link #handOverAll}. */
        boolean handedOver() {
            return handingOver.get() && !cancelled.get() && claim.handsOver();
        }

        /**
         * While the store cannot be reached, waits (the run pauses: it asks no example whose answer it could not
         * save) until it answers again or the run is stopped; the examples in flight still land in the answer log,
         * which keeps them until the store takes them.
         */
        void awaitStore() {
            if (!claim.storeUnreachable() || cancelled()) {
                return;
            }
            LOG.warnf("run %s pauses: the store does not answer; it goes on by itself when it does", spec.id());
            while (claim.storeUnreachable() && !cancelled()) {
                try {
                    Thread.sleep(STORE_POLL_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            LOG.infof("run %s goes on: the store answers again", spec.id());
        }

        /** Why it stopped, when not cancelled here; null otherwise. */
        String stoppedElsewhere() {
            return cancelled.get() ? null : claim.stopReason();
        }

        /** Keeps {@code next} and tells the listener, unless a batch that finished later already reported more. */
        synchronized void advance(RunProgress next, Consumer<RunProgress> listener) {
            if (!next.finished() && next.done() < progress.done()) {
                return;
            }
            progress = next;
            claim.report(next);
            listener.accept(next);
        }
    }

    /**
     * Registers a run whose claim this process holds; refused when this process runs it already.
     *
     * @param claim given up when the run is {@link #finish finished}, or at once when it is refused
     */
    ActiveRun register(RunSpec spec, RunProgress initial, RunClaim claim) {
        ActiveRun run = new ActiveRun(spec, initial, claim);
        if (runs.putIfAbsent(spec.id(), run) != null) {
            unlock(run);
            throw new ConflictException("run '" + spec.id() + "' is already running here");
        }
        return run;
    }

    void finish(ActiveRun run) {
        runs.remove(run.spec.id(), run);
        unlock(run);
    }

    Optional<ActiveRun> get(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    boolean isActive(String id) {
        return runs.containsKey(id);
    }

    /**
     * Where a run stands: running here, running elsewhere (as its owner last reported to the store), or finished
     * (complete or incomplete) in the ledger, else as it was when it stopped; empty for a run none of them knows.
     */
    public Optional<RunProgress> progress(String id) {
        ActiveRun run = runs.get(id);
        if (run != null) {
            return Optional.of(run.progress);
        }
        Optional<RunProgress> reported = store.progress(id);
        if (reported.isPresent() && !reported.get().finished()) {
            return reported;
        }
        Optional<RunProgress> finished = ledger.latest().stream().filter(r -> r.id().equals(id)).findFirst()
                .map(r -> new RunProgress(r.id(), r.system(), r.testSet().name(), r.n(), r.n() + r.failed(), r.invalid(),
                        r.status(), r.reason(), r.failed()));
        return finished.isPresent() ? finished : reported;
    }

    /**
     * Asks a running run to stop after the batches in flight, here or, through the store, in the process that runs
     * it; false when no process runs it.
     */
    public boolean cancel(String id) {
        ActiveRun run = runs.get(id);
        if (run == null) {
            return store.requestCancel(id);
        }
        run.cancelled.set(true);
        return true;
    }

    /**
     * This process shuts down: every run stops asking after the examples in flight and, with the postgresql store, is
     * handed over (left running, owned by nobody) for another replica to take over at once; with the files store it
     * stops as if cancelled, and the next start resumes it.
     */
    void handOverAll() {
        runs.values().forEach(run -> run.handingOver.set(true));
    }

    /** Waits until no run is in progress here, or {@code limit} passed; true when none is. */
    boolean awaitNone(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!runs.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return runs.isEmpty();
    }

    private static void unlock(ActiveRun run) {
        try {
            if (run.handedOver()) {
                run.claim.handOver();
            } else {
                run.claim.close();
            }
        } catch (RuntimeException e) {
            LOG.warnf("cannot give up the claim on run %s: %s", run.spec.id(), e.getMessage());
        }
    }
}
