package io.modelgate.evaluation;

import io.modelgate.errors.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The runs in progress in this process: where each stands, and the flag that cancels it. A finished
 * run's progress is read back from its ledger row, so a client that asks late still gets an answer.
 */
@ApplicationScoped
public class ActiveRuns {

    private static final Logger LOG = Logger.getLogger(ActiveRuns.class);

    private final Map<String, ActiveRun> runs = new ConcurrentHashMap<>();
    private final LedgerStore ledger;

    ActiveRuns(LedgerStore ledger) {
        this.ledger = ledger;
    }

    /** One run in progress; the executor updates it from several batch threads at once. */
    static final class ActiveRun {
        private final RunSpec spec;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AutoCloseable lock;
        private volatile RunProgress progress;

        private ActiveRun(RunSpec spec, RunProgress progress, AutoCloseable lock) {
            this.spec = spec;
            this.progress = progress;
            this.lock = lock;
        }

        RunProgress progress() {
            return progress;
        }

        boolean cancelled() {
            return cancelled.get();
        }

        /** Keeps {@code next} and tells the listener, unless a batch that finished later already reported more. */
        synchronized void advance(RunProgress next, Consumer<RunProgress> listener) {
            if (!next.finished() && next.done() < progress.done()) {
                return;
            }
            progress = next;
            listener.accept(next);
        }
    }

    /**
     * Registers a run that holds its lock; refused when this process runs it already.
     *
     * @param lock released when the run is {@link #finish finished}, or at once when it is refused
     */
    ActiveRun register(RunSpec spec, RunProgress initial, AutoCloseable lock) {
        ActiveRun run = new ActiveRun(spec, initial, lock);
        if (runs.putIfAbsent(spec.id(), run) != null) {
            unlock(run);
            throw new InvalidInputException("run '" + spec.id() + "' is already running");
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

    /** Where a run stands: running here, or finished (complete or incomplete) in the ledger; empty for a run neither knows. */
    public Optional<RunProgress> progress(String id) {
        ActiveRun run = runs.get(id);
        if (run != null) {
            return Optional.of(run.progress);
        }
        return ledger.latest().stream().filter(r -> r.id().equals(id)).findFirst()
                .map(r -> new RunProgress(r.id(), r.system(), r.testSet().name(), r.n(), r.n() + r.failed(), r.invalid(),
                        r.status(), r.reason(), r.failed()));
    }

    /** Asks a running run to stop after the batches in flight; false when no such run is running here. */
    public boolean cancel(String id) {
        ActiveRun run = runs.get(id);
        if (run == null) {
            return false;
        }
        run.cancelled.set(true);
        return true;
    }

    void cancelAll() {
        runs.values().forEach(run -> run.cancelled.set(true));
    }

    private static void unlock(ActiveRun run) {
        try {
            run.lock.close();
        } catch (Exception e) {
            LOG.warnf("cannot release the lock of run %s: %s", run.spec.id(), e.getMessage());
        }
    }
}
