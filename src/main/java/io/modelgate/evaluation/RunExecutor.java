package io.modelgate.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.ApiException;
import io.modelgate.errors.ConflictException;
import io.modelgate.evaluation.ActiveRuns.ActiveRun;
import io.modelgate.systems.Prediction;
import io.modelgate.systems.AnswerSink;
import io.modelgate.systems.TaskSystem;
import io.modelgate.systems.Usage;
import io.modelgate.tasks.Example;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/**
 * Runs a {@link RunPlan}: batches of instances through the system (ONNX model or prompt, it does not
 * matter which), {@code concurrency} batches at a time, every answer handed to the {@link RunStore} as it
 * arrives, then the ledger row: {@code complete}, or {@code incomplete} when too many examples failed or the
 * run stopped at its cost limit. A cancelled run stops asking, lets the examples in flight finish and keeps
 * its answers.
 * It owns the threads runs use and stops them when Quarkus shuts down. A little over 300 lines: one sitting's
 * bookkeeping (answers, failures, cost, deadline, progress) must see the same counters, so it stays one class
 * with its {@code Sitting}.
 */
@Startup // so that a bad batch size or concurrency stops the start, not the first run
@ApplicationScoped
public class RunExecutor {

    private static final Logger LOG = Logger.getLogger(RunExecutor.class);

    /** How long a shutdown waits for its runs' examples in flight; a Kubernetes pod has 30 s before it is killed. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final ResultsConfig config;
    private final RunStore runs;
    private final LedgerStore ledger;
    private final RunReports reports;
    private final ActiveRuns active;
    private final Event<RunCompleted> completed;
    private final ExecutorService runners = Executors.newCachedThreadPool(daemon("modelgate-run"));
    private final Set<ExecutorService> batchPools = ConcurrentHashMap.newKeySet();

    RunExecutor(ResultsConfig config, RunStore runs, LedgerStore ledger, RunReports reports, ActiveRuns active,
                Event<RunCompleted> completed) {
        if (!(config.maxFailedShare() >= 0 && config.maxFailedShare() <= 1) || config.exampleTimeout().isNegative()
                || config.exampleTimeout().isZero()) {
            throw new IllegalStateException("modelgate.results.max-failed-share must be between 0 and 1 and"
                    + " .example-timeout more than 0, got " + config.maxFailedShare() + " and " + config.exampleTimeout());
        }
        if (config.batchSize() < 1 || config.concurrency() < 1 || config.bootstrapResamples() < 100) {
            throw new IllegalStateException("modelgate.results.batch-size and .concurrency must be 1 or more and"
                    + " .bootstrap-resamples 100 or more, got " + config.batchSize() + ", " + config.concurrency() + " and "
                    + config.bootstrapResamples());
        }
        this.config = config;
        this.runs = runs;
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

    /**
     * Runs in flight stop asking and their answers stay in the store: with the postgresql store each is handed over to
     * another replica, which takes it over at once; with the files store the next start resumes it. They get
     * {@link #SHUTDOWN_GRACE} to let their LLM calls in flight finish, save what they have and give up their claim.
     * Done at the start of the shutdown delay ({@code quarkus.shutdown.delay}), before Quarkus closes anything: by the
     * time ShutdownEvent's observers run the LLM's HTTP client is closed, and the answers in flight (paid for) would
     * fail and be asked again by the replica taking over. After {@link RunTakeover}'s observer (a lower priority is
     * notified first), so that no run is taken over here once they are handed over.
     */
    void onShutdownDelay(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) ShutdownDelayInitiatedEvent event) {
        handOverAndAwait();
    }

    /** Where no shutdown delay ran (it is a build-time setting): the same, then the run threads are stopped. */
    void onShutdown(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) ShutdownEvent event) {
        handOverAndAwait();
        runners.shutdownNow();
        batchPools.forEach(ExecutorService::shutdownNow);
    }

    private void handOverAndAwait() {
        active.handOverAll();
        try {
            if (!active.awaitNone(SHUTDOWN_GRACE)) {
                LOG.warnf("runs still in progress after %s of shutdown; their leases expire instead", SHUTDOWN_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ActiveRun register(RunPlan plan) {
        RunSpec spec = plan.spec();
        // A new run's spec is written only now, so that a run that was planned but never started leaves nothing to
        // resume; a resumed run's only once it is claimed, so that a run another replica owns keeps its own spec.
        if (!plan.resumed()) {
            runs.create(spec);
        }
        RunClaim claim = runs.claim(spec.id()).orElseThrow(() -> new ConflictException("run '" + spec.id() + "' of "
                + spec.system() + " is running elsewhere: another replica or process sharing the store owns it; follow"
                + " or cancel it through /api/runs/" + spec.id()));
        if (plan.resumed()) {
            try {
                runs.create(spec);
            } catch (RuntimeException e) {
                claim.close();
                throw e;
            }
        }
        List<ExampleResult> done = runs.answered(spec.id());
        return active.register(spec, new RunProgress(spec.id(), spec.system(), spec.testSet(), done.size(),
                plan.examples().size(), (int) done.stream().filter(ExampleResult::invalid).count(), "running", null, 0), claim);
    }

    private Optional<RunRecord> execute(RunPlan plan, ActiveRun run, Consumer<RunProgress> listener) {
        RunSpec spec = plan.spec();
        int total = plan.examples().size();
        try {
            // Read after the lock is held, so no other process adds answers meanwhile. Examples whose
            // request failed (an LLM outage, say) and examples never asked are asked; the newest answer counts.
            Set<String> done = new HashSet<>();
            runs.answered(spec.id()).forEach(r -> done.add(r.id()));
            List<Example> remaining = plan.examples().stream().filter(e -> !done.contains(e.id())).toList();
            long started = System.nanoTime();
            Sitting sitting;
            // Closed before the answers are read back for the ledger row: every answer of the sitting is saved by then.
            try (RunStore.AnswerLog answers = runs.answers(spec.id())) {
                sitting = new Sitting(spec, run, plan.limits(), total, done.size(), run.progress().invalid(), answers, listener);
                ExecutorService pool = Executors.newFixedThreadPool(config.concurrency(), daemon("modelgate-run-batch"));
                batchPools.add(pool);
                try {
                    List<Future<?>> batches = new ArrayList<>();
                    for (int from = 0; from < remaining.size(); from += config.batchSize()) {
                        List<Example> batch = remaining.subList(from, Math.min(remaining.size(), from + config.batchSize()));
                        batches.add(pool.submit(() -> sitting.ask(plan.system(), batch)));
                    }
                    for (Future<?> batch : batches) {
                        batch.get();
                    }
                } finally {
                    pool.shutdownNow();
                    batchPools.remove(pool);
                }
            }
            if (run.handedOver()) {
                // Its last progress stays "running": another replica goes on with it.
                LOG.infof("run %s of %s handed over at shutdown: %d of %d examples answered", spec.id(), spec.system(),
                        run.progress().done(), total);
                return Optional.empty();
            }
            if (run.cancelled()) {
                run.advance(sitting.progress("cancelled", run.stoppedElsewhere()), listener);
                return Optional.empty();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            RunRecord row = reports.summarise(spec, plan.task(), plan.system().info(), plan.examples(), sitting.answeredNow(),
                    seconds, null);
            String reason = incompleteBecause(row, total, sitting.stoppedBecause());
            if (reason != null) {
                row = reports.summarise(spec, plan.task(), plan.system().info(), plan.examples(), sitting.answeredNow(),
                        seconds, reason);
                LOG.warnf("run %s of %s is incomplete: %s", spec.id(), spec.system(), reason);
            }
            ledger.append(row);
            if (row.complete()) {
                completed.fire(new RunCompleted(row));
            }
            run.advance(new RunProgress(spec.id(), spec.system(), spec.testSet(), row.n(), total, row.invalid(), row.status(),
                    reason, row.failed()), listener);
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

    /** Why a finished run is no result, or null when it is one. */
    private String incompleteBecause(RunRecord row, int total, String stopped) {
        int unasked = total - row.n() - row.failed();
        if (stopped != null) {
            return stopped + "; " + unasked + " of " + total + " examples not asked, " + row.failed() + " failed";
        }
        if (row.failed() > config.maxFailedShare() * total) {
            return String.format(Locale.ROOT, "%d of %d examples failed (%.1f%%, more than modelgate.results.max-failed-share"
                    + " %.1f%%); the first: %s", row.failed(), total, 100.0 * row.failed() / total,
                    100 * config.maxFailedShare(), firstError(row.id()));
        }
        if (unasked > 0) {
            return unasked + " of " + total + " examples not asked";
        }
        return null;
    }

    private String firstError(String id) {
        return runs.newest(id).values().stream().filter(ExampleResult::failed).map(ExampleResult::error).findFirst().orElse("");
    }

    /**
     * One sitting of a run: the examples it asks, each answer handed to the run's answer log the moment it arrives
     * (the files store writes it at once, PostgreSQL within 200 ms: a kill loses next to no paid answer), the cost
     * spent so far against the run's limit, and the progress.
     */
    private final class Sitting {
        private final RunSpec spec;
        private final ActiveRun run;
        private final RunPlan.Limits limits;
        private final int total;
        private final Consumer<RunProgress> listener;
        private final RunStore.AnswerLog answers;
        private final AtomicInteger answered;
        private final AtomicInteger invalid;
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger answeredNow = new AtomicInteger();
        private final DoubleAdder cost = new DoubleAdder();
        private final AtomicReference<String> stopped = new AtomicReference<>();

        Sitting(RunSpec spec, ActiveRun run, RunPlan.Limits limits, int total, int answered, int invalid,
                RunStore.AnswerLog answers, Consumer<RunProgress> listener) {
            this.spec = spec;
            this.answers = answers;
            this.run = run;
            this.limits = limits;
            this.total = total;
            this.listener = listener;
            this.answered = new AtomicInteger(answered);
            this.invalid = new AtomicInteger(invalid);
        }

        int answeredNow() {
            return answeredNow.get();
        }

        String stoppedBecause() {
            return stopped.get();
        }

        RunProgress progress(String status, String error) {
            return new RunProgress(spec.id(), spec.system(), spec.testSet(), answered.get(), total, invalid.get(), status,
                    error, failed.get());
        }

        /** One batch through the system; an example it cannot answer is written as failed, with why, and the run goes on. */
        void ask(TaskSystem system, List<Example> batch) {
            long started = System.nanoTime();
            system.answerEach(batch.stream().map(e -> (JsonNode) e.instance()).toList(), limits.exampleTimeout(),
                    new AnswerSink() {
                        @Override
                        public boolean stopped() {
                            // Asked before each example is sent: a store that went away pauses the run here.
                            run.awaitStore();
                            return run.cancelled() || stopped.get() != null;
                        }

                        @Override
                        public boolean cancelled() {
                            return run.aborted();
                        }

                        @Override
                        public void answered(int index, Prediction p) {
                            Example example = batch.get(index);
                            String predicted = p.label() != null ? p.label() : p.value() != null ? Double.toString(p.value()) : null;
                            Usage usage = p.usage();
                            // A system that times each answer itself (an LLM call) knows better than the batch's share.
                            double latency = usage.latencyMs() != null ? usage.latencyMs()
                                    : (System.nanoTime() - started) / 1e6 / batch.size();
                            record(new ExampleResult(example.id(), example.target().asText(), predicted, predicted == null,
                                    latency, usage.inputTokens(), usage.outputTokens(), usage.cost(), usage.rawAnswer(), null,
                                    p.scores() == null || p.scores().isEmpty() ? null : p.scores()));
                            if (usage.cost() != null) {
                                cost.add(usage.cost());
                                checkCost();
                            }
                        }

                        @Override
                        public void failed(int index, RuntimeException why) {
                            Example example = batch.get(index);
                            String reason = why.getMessage() != null ? why.getMessage() : why.getClass().getSimpleName();
                            if (why instanceof ApiException api) {
                                reason = "HTTP " + api.status() + ": " + reason;
                            }
                            record(new ExampleResult(example.id(), example.target().asText(), null, false,
                                    (System.nanoTime() - started) / 1e6 / batch.size(), 0, 0, null, null, reason));
                        }
                    });
        }

        private void record(ExampleResult result) {
            answers.add(result);
            if (result.failed()) {
                failed.incrementAndGet();
            } else {
                answered.incrementAndGet();
                answeredNow.incrementAndGet();
                invalid.addAndGet(result.invalid() ? 1 : 0);
            }
            run.advance(progress("running", null), listener);
        }

        private void checkCost() {
            Double max = limits.maxCost();
            double spent = cost.sum();
            if (max != null && spent >= max && stopped.compareAndSet(null, String.format(Locale.ROOT,
                    "stopped at the cost limit: $%.6f spent, max_cost $%.6f", spent, max))) {
                LOG.warnf("run %s of %s: %s", spec.id(), spec.system(), stopped.get());
            }
        }
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
