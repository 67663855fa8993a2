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

/**
 * A run's progress as a stream (the server-sent events of {@code /api/runs/{id}/events}). The state is
 * sampled every 200 ms and sent when it changed, rather than pushed by the batches, so that a slow client
 * never holds a run up and always gets the final state.
 */
@ApplicationScoped
public class RunProgressEvents {

    private static final long SAMPLE_MS = 200;

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
        if (running.isEmpty()) {
            return Multi.createFrom().item(active.progress(id).orElseThrow(() -> new NotFoundException("unknown run '" + id + "'")));
        }
        ActiveRun run = running.get();
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
                RunProgress now = run.progress();
                if (!now.equals(sent.getAndSet(now))) {
                    emitter.emit(now);
                }
                if (now.finished()) {
                    stop.run();
                    emitter.complete();
                }
            };
            emitter.onTermination(stop);
            sampling.set(ticker.scheduleAtFixedRate(sample, 0, SAMPLE_MS, TimeUnit.MILLISECONDS));
            if (over.get()) {
                stop.run(); // It ended before the sampling was stored: cancel it now.
            }
        });
    }

    void onShutdown(@Observes ShutdownEvent event) {
        ticker.shutdownNow();
    }
}
