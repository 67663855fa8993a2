package io.modelgate.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.ApiException;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.evaluation.ActiveRuns.ActiveRun;
import io.modelgate.systems.Prediction;
import io.modelgate.systems.Predictions;
import io.modelgate.systems.TaskSystem;
import io.modelgate.systems.Usage;
import io.modelgate.tasks.Example;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a {@link RunPlan}: batches of instances through the system (ONNX model or prompt, it does not
 * matter which), {@code concurrency} batches at a time, every answer written to the run's file as it
 * arrives, then the ledger row. A cancelled run stops after the batches in flight and keeps its answers.
 * It owns the threads runs use and stops them when Quarkus shuts down.
 */
@Startup // so that a bad batch size or concurrency stops the start, not the first run
@ApplicationScoped
public class RunExecutor {

    private static final Logger LOG = Logger.getLogger(RunExecutor.class);

    private final ResultsConfig config;
    private final RunFiles files;
    private final Ledger ledger;
    private final RunReports reports;
    private final ActiveRuns active;
    private final Event<RunCompleted> completed;
    private final ExecutorService runners = Executors.newCachedThreadPool(daemon("modelgate-run"));
    private final Set<ExecutorService> batchPools = ConcurrentHashMap.newKeySet();

    RunExecutor(ResultsConfig config, RunFiles files, Ledger ledger, RunReports reports, ActiveRuns active,
                Event<RunCompleted> completed) {
        if (config.batchSize() < 1 || config.concurrency() < 1 || config.bootstrapResamples() < 100) {
            throw new IllegalStateException("modelgate.results.batch-size and .concurrency must be 1 or more and"
                    + " .bootstrap-resamples 100 or more, got " + config.batchSize() + ", " + config.concurrency() + " and "
                    + config.bootstrapResamples());
        }
        this.config = config;
        this.files = files;
        this.ledger = ledger;
        this.reports = reports;
        this.active = active;
        this.completed = completed;
    }

    /** Starts a run in the background; follow it through {@link ActiveRuns} or {@link RunProgressEvents}. */
    public RunProgress start(RunPlan plan) {
        ActiveRun run = register(plan);
        runners.execute(() -> execute(plan, run, progress -> { }));
        return run.progress();
    }

    /** Runs a run on this thread (the CLI), reporting progress as it goes; empty when it was cancelled. */
    public Optional<RunRecord> run(RunPlan plan, Consumer<RunProgress> listener) {
        return execute(plan, register(plan), listener);
    }

    /** Runs in flight stop as if cancelled: their answers stay on disk and the next start resumes them. */
    void onShutdown(@Observes ShutdownEvent event) {
        active.cancelAll();
        runners.shutdownNow();
        batchPools.forEach(ExecutorService::shutdownNow);
    }

    private ActiveRun register(RunPlan plan) {
        RunSpec spec = plan.spec();
        // Written only now, so that a run that was planned but never started leaves nothing to resume.
        files.create(spec);
        AutoCloseable lock = files.lock(spec.id()).orElseThrow(() -> new InvalidInputException("run '" + spec.id()
                + "' is already running (here or in another process sharing the results folder)"));
        List<ExampleResult> done = files.results(spec.id()).stream().filter(r -> r.error() == null).toList();
        return active.register(spec, new RunProgress(spec.id(), spec.system(), spec.testSet(), done.size(),
                plan.examples().size(), (int) done.stream().filter(ExampleResult::invalid).count(), "running", null), lock);
    }

    private Optional<RunRecord> execute(RunPlan plan, ActiveRun run, Consumer<RunProgress> listener) {
        RunSpec spec = plan.spec();
        int total = plan.examples().size();
        try {
            // Read after the lock is held, so no other process adds answers meanwhile. Examples whose
            // request failed (an LLM outage, say) are asked again; the newest answer counts.
            Set<String> done = new HashSet<>();
            files.results(spec.id()).stream().filter(r -> r.error() == null).forEach(r -> done.add(r.id()));
            List<Example> remaining = plan.examples().stream().filter(e -> !done.contains(e.id())).toList();
            AtomicInteger answered = new AtomicInteger(done.size());
            AtomicInteger invalid = new AtomicInteger(run.progress().invalid());
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(config.concurrency(), daemon("modelgate-run-batch"));
            batchPools.add(pool);
            try {
                List<Future<?>> batches = new ArrayList<>();
                for (int from = 0; from < remaining.size(); from += config.batchSize()) {
                    List<Example> batch = remaining.subList(from, Math.min(remaining.size(), from + config.batchSize()));
                    batches.add(pool.submit(() -> {
                        if (run.cancelled()) {
                            return;
                        }
                        for (ExampleResult result : ask(plan.system(), batch)) {
                            files.append(spec.id(), result);
                            answered.incrementAndGet();
                            invalid.addAndGet(result.invalid() ? 1 : 0);
                        }
                        run.advance(progress(spec, answered.get(), total, invalid.get(), "running", null), listener);
                    }));
                }
                for (Future<?> batch : batches) {
                    batch.get();
                }
            } finally {
                pool.shutdownNow();
                batchPools.remove(pool);
            }
            if (run.cancelled()) {
                run.advance(progress(spec, answered.get(), total, invalid.get(), "cancelled", null), listener);
                return Optional.empty();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            RunRecord row = reports.summarise(spec, plan.task(), plan.system().info(), plan.examples(), remaining.size(), seconds);
            ledger.append(row);
            completed.fire(new RunCompleted(row));
            run.advance(progress(spec, row.n(), row.n(), row.invalid(), "complete", null), listener);
            return Optional.of(row);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.errorf(cause, "run %s of %s failed", spec.id(), spec.system());
            run.advance(progress(spec, run.progress().done(), total, run.progress().invalid(), "failed", cause.getMessage()),
                    listener);
            if (cause instanceof ApiException api) {
                throw api;
            }
            throw new IllegalStateException("run " + spec.id() + " failed: " + cause.getMessage(), cause);
        } finally {
            active.finish(run);
        }
    }

    /** One batch through the system; a failed request leaves every example of it without an answer, not the run. */
    private static List<ExampleResult> ask(TaskSystem system, List<Example> batch) {
        long started = System.nanoTime();
        List<ExampleResult> results = new ArrayList<>(batch.size());
        try {
            Predictions answer = system.predict(batch.stream().map(e -> (JsonNode) e.instance()).toList());
            double batchLatency = (System.nanoTime() - started) / 1e6 / batch.size();
            for (int i = 0; i < batch.size(); i++) {
                Example example = batch.get(i);
                Prediction p = answer.predictions().get(i);
                String predicted = p.label() != null ? p.label() : p.value() != null ? Double.toString(p.value()) : null;
                Usage usage = p.usage();
                // A system that times each answer itself (an LLM call) knows better than the batch's share.
                double latency = usage.latencyMs() != null ? usage.latencyMs() : batchLatency;
                results.add(new ExampleResult(example.id(), example.target().asText(), predicted, predicted == null,
                        latency, usage.inputTokens(), usage.outputTokens(), usage.cost(), usage.rawAnswer(), null,
                        p.scores() == null || p.scores().isEmpty() ? null : p.scores()));
            }
        } catch (ApiException e) {
            double latency = (System.nanoTime() - started) / 1e6 / batch.size();
            for (Example example : batch) {
                results.add(new ExampleResult(example.id(), example.target().asText(), null, true, latency, 0, 0, null,
                        null, e.getMessage()));
            }
        }
        return results;
    }

    private static RunProgress progress(RunSpec spec, int done, int total, int invalid, String status, String error) {
        return new RunProgress(spec.id(), spec.system(), spec.testSet(), done, total, invalid, status, error);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
