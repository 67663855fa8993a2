package io.modelgate.evaluation;

import io.modelgate.errors.NotFoundException;
import io.modelgate.evaluation.ActiveRuns.ActiveRun;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A run's progress as a stream (the server-sent events of {@code /api/runs/{id}/events}). The state is
 * sampled every 200 ms and sent when it changed, rather than pushed by the batches, so that a slow client
 * never holds a run up and always gets the final state. A run another replica runs is sampled from the store, once a
 * second (its owner reports there every heartbeat), until it finishes there or is taken over here.
 */
@ApplicationScoped
public class RunProgressEvents {

    private static final long SAMPLE_MS = 200;
    private static final long SAMPLE_ELSEWHERE_MS = 1000;

    private final ActiveRuns active;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "modelgate-run-events");
        thread.setDaemon(true);
        return thread;
    });

    RunProgressEvents(ActiveRuns active) {
        this.active = active;
    }

    /** Progress events of a run until it finishes, the finished state last; a finished run sends it once. */
    public Multi<RunProgress> events(String id) {
        Optional<ActiveRun> running = active.get(id);
        if (running.isPresent()) {
            return sampled(running.get()::progress, SAMPLE_MS);
        }
        RunProgress now = active.progress(id).orElseThrow(() -> new NotFoundException("unknown run '" + id + "'"));
        if (now.finished()) {
            return Multi.createFrom().item(now);
        }
        // Running in another replica: whatever this one knows now, whether it runs here by then (taken over) or not.
        return sampled(() -> active.progress(id).orElse(now), SAMPLE_ELSEWHERE_MS);
    }

    private Multi<RunProgress> sampled(Supplier<RunProgress> progress, long everyMs) {
        return Multi.createFrom().emitter(emitter -> {
            AtomicReference<RunProgress> sent = new AtomicReference<>();
            AtomicReference<ScheduledFuture<?>> sampling = new AtomicReference<>();
            AtomicBoolean over = new AtomicBoolean();
            Runnable stop = () -> {
                over.set(true);
                Optional.ofNullable(sampling.get()).ifPresent(f -> f.cancel(false));
            };
            Runnable sample = () -> {
                if (over.get()) {
                    return;
                }
                RunProgress now;
                try {
                    now = progress.get();
                } catch (RuntimeException e) {
                    return; // the store does not answer this time; the next sample tries again
                }
                if (!now.equals(sent.getAndSet(now))) {
                    emitter.emit(now);
                }
                if (now.finished()) {
                    stop.run();
                    emitter.complete();
                }
            };
            emitter.onTermination(stop);
            sampling.set(ticker.scheduleAtFixedRate(sample, 0, everyMs, TimeUnit.MILLISECONDS));
            if (over.get()) {
                stop.run(); // It ended before the sampling was stored: cancel it now.
            }
        });
    }

    void onShutdown(@Observes ShutdownEvent event) {
        ticker.shutdownNow();
    }
}
