package io.modelgate.evaluation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelgate.errors.ApiException;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import io.modelgate.systems.Prediction;
import io.modelgate.systems.Predictions;
import io.modelgate.systems.SystemInfo;
import io.modelgate.systems.SystemRegistry;
import io.modelgate.systems.TaskSystem;
import io.modelgate.tasks.DataSetFile;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.Task;
import io.modelgate.tasks.TaskRepository;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Evaluates a system on a test set: batches of instances through the system (ONNX model or prompt, it
 * does not matter which), every answer written to the run's file as it arrives, then the metrics with
 * their intervals, and one row in the ledger. A run that was killed resumes where it stopped.
 */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);

    private final TaskRepository tasks;
    private final SystemRegistry systems;
    private final ResultsConfig config;
    private final Ledger ledger;
    private final RunFiles files;
    private final RunReports reports;
    private final MeterRegistry registry;
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    private final Map<String, Double> latestPrimary = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "modelgate-run-events");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService runners = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "modelgate-run");
        thread.setDaemon(true);
        return thread;
    });

    private static final class ActiveRun {
        final RunSpec spec;
        final AtomicBoolean cancelled = new AtomicBoolean();
        final AutoCloseable lock;
        volatile RunProgress progress;

        ActiveRun(RunSpec spec, RunProgress progress, AutoCloseable lock) {
            this.spec = spec;
            this.progress = progress;
            this.lock = lock;
        }
    }

    /** Created at start, so that the gauge of every system's latest result is there from the first scrape. */
    void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        LOG.debugf("%d runs in the ledger", ledger.rows().size());
    }

    public RunService(TaskRepository tasks, SystemRegistry systems, ResultsConfig config, MeterRegistry registry) {
        if (config.batchSize() < 1 || config.concurrency() < 1 || config.bootstrapResamples() < 100) {
            throw new IllegalStateException("modelgate.results.batch-size and .concurrency must be 1 or more and"
                    + " .bootstrap-resamples 100 or more, got " + config.batchSize() + ", " + config.concurrency() + " and "
                    + config.bootstrapResamples());
        }
        this.tasks = tasks;
        this.systems = systems;
        this.config = config;
        this.registry = registry;
        this.ledger = new Ledger(config.dir());
        this.files = new RunFiles(config.dir());
        Bootstrap bootstrap = new Bootstrap(config.bootstrapResamples(), config.seed());
        this.reports = new RunReports(tasks, ledger, files, new Scorer(bootstrap), new Comparisons(bootstrap));
        ledger.rows().forEach(this::publishPrimary);
    }

    /** A run checked and prepared (or an unfinished one found to resume), not yet started. */
    public record Prepared(RunSpec spec, Task task, TaskSystem system, List<Example> examples, boolean resumed) {
    }

    /** Checks the request and finds or creates the run; every mistake is a 4xx before anything runs. */
    public Prepared prepare(RunRequest request) {
        if (request == null || blank(request.task()) || blank(request.system())) {
            throw new InvalidInputException("a run needs 'task' and 'system'; 'test_set', 'comment' and 'start_over' are optional");
        }
        Task task = tasks.get(request.task()).task().orElseThrow(() -> new NotReadyException("task '" + request.task()
                + "' cannot be used: " + tasks.get(request.task()).problem()));
        String testSet = blank(request.testSet())
                ? task.testSets().stream().findFirst().map(DataSetFile::name).orElseThrow(() ->
                new InvalidInputException("task '" + task.name() + "' has no test set"))
                : request.testSet();
        if (task.testSets().stream().noneMatch(t -> t.name().equals(testSet))) {
            throw new NotFoundException("task '" + task.name() + "' has no test set '" + testSet + "'; it has "
                    + task.testSets().stream().map(DataSetFile::name).toList());
        }
        List<Example> examples = tasks.examples(task.name(), testSet);
        String sha256 = tasks.get(task.name()).files().stream().filter(f -> f.file().name().equals(testSet))
                .findFirst().orElseThrow().file().sha256();
        TaskSystem system = systems.get(request.system());
        SystemInfo info = system.info();
        if (!task.name().equals(info.task())) {
            throw new InvalidInputException("system '" + info.name() + "' answers "
                    + (info.task() == null ? "no task" : "task '" + info.task() + "'") + ", not '" + task.name() + "'");
        }
        if (!info.ready()) {
            throw new NotReadyException("system '" + info.name() + "' is not ready: " + info.reason());
        }
        Set<String> finished = new HashSet<>();
        ledger.rows().forEach(row -> finished.add(row.id()));
        Optional<RunSpec> unfinished = files.specs().stream()
                .filter(s -> s.system().equals(info.name()) && s.task().equals(task.name()) && s.testSet().equals(testSet)
                        && s.testSetSha256().equals(sha256) && !finished.contains(s.id()) && !active.containsKey(s.id()))
                .findFirst();
        if (unfinished.isPresent() && request.restart()) {
            files.delete(unfinished.get().id());
            unfinished = Optional.empty();
        }
        RunSpec spec = unfinished
                .map(s -> request.comment() == null ? s : new RunSpec(s.id(), s.task(), s.testSet(), s.testSetSha256(),
                        s.system(), request.comment(), s.startedAt()))
                .orElseGet(() -> new RunSpec(newId(), task.name(), testSet, sha256, info.name(), request.comment(), Instant.now()));
        return new Prepared(spec, task, system, examples, unfinished.isPresent());
    }

    /** Starts a prepared run in the background; follow it with {@link #progress} and {@link #events}. */
    public RunProgress start(Prepared prepared) {
        ActiveRun run = register(prepared);
        runners.execute(() -> execute(prepared, run, progress -> { }));
        return run.progress;
    }

    /** Runs a prepared run on this thread (the CLI), reporting progress as it goes. */
    public Optional<RunRecord> run(Prepared prepared, Consumer<RunProgress> listener) {
        return execute(prepared, register(prepared), listener);
    }

    public Optional<RunProgress> progress(String id) {
        ActiveRun run = active.get(id);
        if (run != null) {
            return Optional.of(run.progress);
        }
        return ledger.rows().stream().filter(r -> r.id().equals(id)).findFirst()
                .map(r -> new RunProgress(r.id(), r.system(), RunReports.testSetName(r), r.n(), r.n(), r.invalid(), r.status(), null));
    }

    /**
     * Progress events of a run until it finishes, the finished state last; a finished run sends it once.
     * The state is sampled every 200 ms and sent when it changed, so a slow client never holds a run up
     * and always gets the final state.
     */
    public Multi<RunProgress> events(String id) {
        ActiveRun run = active.get(id);
        if (run == null) {
            return Multi.createFrom().item(progress(id).orElseThrow(() -> new NotFoundException("unknown run '" + id + "'")));
        }
        return Multi.createFrom().emitter(emitter -> {
            java.util.concurrent.atomic.AtomicReference<RunProgress> sent = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicReference<java.util.concurrent.ScheduledFuture<?>> sampling =
                    new java.util.concurrent.atomic.AtomicReference<>();
            AtomicBoolean over = new AtomicBoolean();
            Runnable stop = () -> {
                over.set(true);
                java.util.Optional.ofNullable(sampling.get()).ifPresent(f -> f.cancel(false));
            };
            Runnable sample = () -> {
                if (over.get()) {
                    return;
                }
                RunProgress now = run.progress;
                if (!now.equals(sent.getAndSet(now))) {
                    emitter.emit(now);
                }
                if (now.finished()) {
                    stop.run();
                    emitter.complete();
                }
            };
            emitter.onTermination(stop);
            sampling.set(ticker.scheduleAtFixedRate(sample, 0, 200, java.util.concurrent.TimeUnit.MILLISECONDS));
            if (over.get()) {
                stop.run(); // It ended before the sampling was stored: cancel it now.
            }
        });
    }

    public boolean cancel(String id) {
        ActiveRun run = active.get(id);
        if (run == null) {
            return false;
        }
        run.cancelled.set(true);
        return true;
    }

    public List<RunRecord> ledgerRows() {
        return ledger.rows();
    }

    public Optional<RunRecord> record(String id) {
        return ledger.rows().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** A run's answers, the newest one per example (an example asked again after a failure has two lines). */
    public List<ExampleResult> results(String id) {
        if (files.spec(id).isEmpty()) {
            throw new NotFoundException("unknown run '" + id + "'");
        }
        Map<String, ExampleResult> newest = new LinkedHashMap<>();
        files.results(id).forEach(r -> newest.put(r.id(), r));
        return List.copyOf(newest.values());
    }

    /** The latest complete run of every system on a test set, and every pair of them compared. */
    public ComparisonReport compare(String task, String testSet) {
        return reports.compare(task, testSet);
    }

    /** The scores of a finished run, from its per-example file. */
    public Object report(RunRecord row) {
        return reports.report(row);
    }

    private static void unlock(ActiveRun run) {
        try {
            run.lock.close();
        } catch (Exception e) {
            LOG.warnf("cannot release the lock of run %s: %s", run.spec.id(), e.getMessage());
        }
    }

    private ActiveRun register(Prepared prepared) {
        // Written only now, so that a run that was prepared but never started leaves nothing to resume.
        files.create(prepared.spec());
        List<ExampleResult> done = files.results(prepared.spec().id()).stream().filter(r -> r.error() == null).toList();
        AutoCloseable lock = files.lock(prepared.spec().id()).orElseThrow(() -> new InvalidInputException("run '"
                + prepared.spec().id() + "' is already running (here or in another process sharing the results folder)"));
        ActiveRun run = new ActiveRun(prepared.spec(), new RunProgress(prepared.spec().id(), prepared.spec().system(),
                prepared.spec().testSet(), done.size(), prepared.examples().size(),
                (int) done.stream().filter(r -> r.invalid()).count(), "running", null), lock);
        if (active.putIfAbsent(prepared.spec().id(), run) != null) {
            unlock(run);
            throw new InvalidInputException("run '" + prepared.spec().id() + "' is already running");
        }
        return run;
    }

    private Optional<RunRecord> execute(Prepared prepared, ActiveRun run, Consumer<RunProgress> listener) {
        RunSpec spec = prepared.spec();
        try {
            // Examples whose request failed (an LLM outage, say) are asked again; the newest answer counts.
            Set<String> done = new HashSet<>();
            files.results(spec.id()).stream().filter(r -> r.error() == null).forEach(r -> done.add(r.id()));
            List<Example> remaining = prepared.examples().stream().filter(e -> !done.contains(e.id())).toList();
            AtomicInteger answered = new AtomicInteger(done.size());
            AtomicInteger invalid = new AtomicInteger(run.progress.invalid());
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(config.concurrency());
            try {
                List<Future<?>> batches = new ArrayList<>();
                for (int from = 0; from < remaining.size(); from += config.batchSize()) {
                    List<Example> batch = remaining.subList(from, Math.min(remaining.size(), from + config.batchSize()));
                    batches.add(pool.submit(() -> {
                        if (run.cancelled.get()) {
                            return;
                        }
                        for (ExampleResult result : ask(prepared.system(), batch)) {
                            files.append(spec.id(), result);
                            answered.incrementAndGet();
                            invalid.addAndGet(result.invalid() ? 1 : 0);
                        }
                        update(run, listener, new RunProgress(spec.id(), spec.system(), spec.testSet(), answered.get(),
                                prepared.examples().size(), invalid.get(), "running", null));
                    }));
                }
                for (Future<?> batch : batches) {
                    batch.get();
                }
            } finally {
                pool.shutdownNow();
            }
            if (run.cancelled.get()) {
                update(run, listener, new RunProgress(spec.id(), spec.system(), spec.testSet(), answered.get(),
                        prepared.examples().size(), invalid.get(), "cancelled", null));
                return Optional.empty();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            RunRecord row = reports.record(prepared, remaining.size(), seconds);
            ledger.append(row);
            publishPrimary(row);
            update(run, listener, new RunProgress(spec.id(), spec.system(), spec.testSet(), row.n(), row.n(), row.invalid(),
                    "complete", null));
            return Optional.of(row);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOG.errorf(cause, "run %s of %s failed", spec.id(), spec.system());
            update(run, listener, new RunProgress(spec.id(), spec.system(), spec.testSet(), run.progress.done(),
                    prepared.examples().size(), run.progress.invalid(), "failed", cause.getMessage()));
            if (cause instanceof ApiException api) {
                throw api;
            }
            throw new IllegalStateException("run " + spec.id() + " failed: " + cause.getMessage(), cause);
        } finally {
            active.remove(spec.id());
            unlock(run);
        }
    }

    /** One batch through the system; a failed request leaves every example of it without an answer, not the run. */
    private static List<ExampleResult> ask(TaskSystem system, List<Example> batch) {
        long started = System.nanoTime();
        List<ExampleResult> results = new ArrayList<>(batch.size());
        try {
            Predictions answer = system.predict(batch.stream().map(e -> (com.fasterxml.jackson.databind.JsonNode) e.instance()).toList());
            double latency = (System.nanoTime() - started) / 1e6 / batch.size();
            for (int i = 0; i < batch.size(); i++) {
                Example example = batch.get(i);
                Prediction p = answer.predictions().get(i);
                String predicted = p.label() != null ? p.label() : p.value() != null ? Double.toString(p.value()) : null;
                io.modelgate.systems.Usage usage = p.usage();
                // A system that times each answer itself (an LLM call) knows better than the batch's share.
                results.add(new ExampleResult(example.id(), example.target().asText(), predicted, predicted == null,
                        usage.latencyMs() != null ? usage.latencyMs() : latency, usage.inputTokens(), usage.outputTokens(),
                        usage.cost(), usage.rawAnswer(), null));
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

    private void update(ActiveRun run, Consumer<RunProgress> listener, RunProgress progress) {
        synchronized (run) {
            // Batches finish on several threads; a report older than the one already sent is dropped.
            if (!progress.finished() && progress.done() < run.progress.done()) {
                return;
            }
            run.progress = progress;
            listener.accept(progress);
        }
    }

    /** Keeps the Prometheus gauge of the latest primary metric per system and test set. */
    private void publishPrimary(RunRecord row) {
        if (row.primary() == null) {
            return;
        }
        String testSet = row.testSet().contains("@") ? row.testSet().substring(0, row.testSet().indexOf('@')) : row.testSet();
        String key = row.system() + "\n" + row.task() + "\n" + testSet + "\n" + row.primaryMetric();
        boolean isNew = latestPrimary.put(key, row.primary().value()) == null;
        if (isNew) {
            Gauge.builder("modelgate.run.primary.metric", latestPrimary, m -> m.getOrDefault(key, Double.NaN))
                    .description("The primary metric of the latest complete run of a system on a test set")
                    .tags("system", row.system(), "task", row.task(), "test_set", testSet, "metric", row.primaryMetric())
                    .register(registry);
        }
    }

    private static String newId() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC)
                .format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
