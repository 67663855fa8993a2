package io.modelgate.evaluation;

import io.modelgate.config.DaemonTimers;
import io.modelgate.errors.ApiException;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes over runs whose owner died: every {@code modelgate.store.lease.takeover-every} it looks for a run whose
 * lease expired, claims it (only one replica's claim succeeds) and resumes it from its saved answers, asking only
 * the examples not answered yet. One run per look, so that the replicas share a dead one's runs. The files store has
 * no such runs (see {@link RunStore#abandoned()}).
 */
@ApplicationScoped
public class RunTakeover {

    private static final Logger LOG = Logger.getLogger(RunTakeover.class);
    /** How long a shutdown waits for a look in progress (a query or two and a claim). */
    private static final Duration LOOK_IN_PROGRESS = Duration.ofSeconds(2);

    private final RunStore runs;
    private final LedgerStore ledger;
    private final RunPlanner planner;
    private final RunExecutor executor;
    private final RunLeaseConfig lease;
    private final ActiveRuns active;
    private final ScheduledExecutorService timer = DaemonTimers.single("modelgate-run-takeover");

    RunTakeover(RunStore runs, LedgerStore ledger, RunPlanner planner, RunExecutor executor, RunLeaseConfig lease,
                ActiveRuns active) {
        this.active = active;
        this.runs = runs;
        this.ledger = ledger;
        this.planner = planner;
        this.executor = executor;
        this.lease = lease;
    }

    void onStart(@Observes StartupEvent event) {
        long every = lease.takeoverEvery().toMillis();
        if (every > 0) {
            timer.scheduleWithFixedDelay(this::takeOverOne, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** At the start of the shutdown delay, before {@link RunExecutor} hands the runs over; see {@link #stopLooking}. */
    void onShutdownDelay(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownDelayInitiatedEvent event) {
        stopLooking();
    }

    void onShutdown(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        stopLooking();
    }

    /**
     * Stops looking before {@link RunExecutor} hands this replica's runs over (a lower priority is notified first):
     * otherwise a look during the shutdown grace finds the run just handed over, owned by nobody, and claims it back
     * here, where it is cut off when the grace ends and waits for its lease to expire. A look in progress is let
     * finish, so that a run it started is among those handed over. The second call finds the timer stopped already.
     */
    private void stopLooking() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(LOOK_IN_PROGRESS.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("a look for runs to take over still runs after %s of shutdown", LOOK_IN_PROGRESS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Resumes one abandoned run, if there is one; the run goes on in the background. */
    void takeOverOne() {
        List<RunSpec> abandoned;
        try {
            abandoned = runs.abandoned();
        } catch (RuntimeException e) {
            LOG.debugf("cannot look for runs to take over: %s", e.getMessage());
            return;
        }
        for (RunSpec spec : abandoned) {
            if (active.isActive(spec.id())) {
                // Its lease aged while this replica, its owner, was cut off from the store (the run paused); its next
                // heartbeat renews it. Claiming it here would end that run's lease under it.
                continue;
            }
            if (finished(spec)) {
                // Its owner wrote the ledger row but died before it gave the run up: nothing to ask, only to mark.
                runs.claim(spec.id()).ifPresent(RunClaim::close);
                continue;
            }
            try {
                RunProgress progress = executor.start(planner.resume(spec));
                LOG.infof("run %s of %s taken over (its owner's lease expired, or it was handed over at a shutdown): %d of %d examples"
                        + " answered already",
                        spec.id(), spec.system(), progress.done(), progress.total());
                return;
            } catch (ApiException e) {
                // Another replica claimed it first, or the run cannot go on here (its system or test file changed).
                LOG.debugf("run %s not taken over: %s", spec.id(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warnf("run %s not taken over: %s", spec.id(), e.getMessage());
            }
        }
    }

    private boolean finished(RunSpec spec) {
        return ledger.latest().stream().anyMatch(row -> row.id().equals(spec.id()) && row.complete());
    }
}
