package io.modelgate.evaluation;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import io.modelgate.systems.SystemInfo;
import io.modelgate.systems.SystemRegistry;
import io.modelgate.systems.TaskSystem;
import io.modelgate.tasks.DataSetFile;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.Task;
import io.modelgate.tasks.TaskRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a run request into a {@link RunPlan}: checks it, resolves the task, its test set and the system,
 * and finds an unfinished run of the same system on the same test set to resume. Every mistake is a 4xx
 * here, before anything runs or is written.
 */
@ApplicationScoped
public class RunPlanner {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final TaskRepository tasks;
    private final SystemRegistry systems;
    private final LedgerStore ledger;
    private final RunStore runs;
    private final ActiveRuns active;
    private final ResultsConfig config;

    RunPlanner(TaskRepository tasks, SystemRegistry systems, LedgerStore ledger, RunStore runs, ActiveRuns active,
               ResultsConfig config) {
        this.config = config;
        this.tasks = tasks;
        this.systems = systems;
        this.ledger = ledger;
        this.runs = runs;
        this.active = active;
    }

    public RunPlan plan(RunRequest request) {
        if (request == null || blank(request.task()) || blank(request.system())) {
            throw new InvalidInputException("a run needs 'task' and 'system'; 'test_set', 'comment', 'start_over', 'max_cost'"
                    + " and 'example_timeout_s' are optional");
        }
        Task task = tasks.get(request.task()).task().orElseThrow(() -> new NotReadyException("task '" + request.task()
                + "' cannot be used: " + tasks.get(request.task()).problem()));
        TestSetRef testSet = testSet(task, request.testSet());
        List<Example> examples = tasks.examples(task.name(), testSet.name());
        TaskSystem system = systems.get(request.system());
        SystemInfo info = system.info();
        if (!task.name().equals(info.task())) {
            throw new InvalidInputException("system '" + info.name() + "' answers "
                    + (info.task() == null ? "no task" : "task '" + info.task() + "'") + ", not '" + task.name() + "'");
        }
        if (!info.ready()) {
            throw new NotReadyException("system '" + info.name() + "' is not ready: " + info.reason());
        }
        checkLimits(request);
        Optional<RunSpec> unfinished = unfinished(task, testSet, info.name());
        if (unfinished.isPresent() && request.restart()) {
            runs.delete(unfinished.get().id());
            unfinished = Optional.empty();
        }
        // A run resumed through the API goes on under the limits asked now; they are saved with it for a takeover.
        RunSpec spec = unfinished
                .map(s -> new RunSpec(s.id(), s.task(), s.testSet(), s.testSetSha256(), s.system(),
                        request.comment() == null ? s.comment() : request.comment(), s.startedAt(), request.maxCost(),
                        request.exampleTimeoutS()))
                .orElseGet(() -> new RunSpec(newId(), task.name(), testSet.name(), testSet.sha256(), info.name(),
                        request.comment(), Instant.now(), request.maxCost(), request.exampleTimeoutS()));
        return new RunPlan(spec, task, system, examples, unfinished.isPresent(), limits(spec));
    }

    /**
     * The plan to go on with a run another process started and gave up (killed, its lease expired): its own spec,
     * task, test set and system. Refused when the test file changed since, as answers to other examples must not be
     * mixed in. It goes on under the max_cost and example_timeout_s it was started with, saved in its spec.
     */
    RunPlan resume(RunSpec spec) {
        Task task = tasks.get(spec.task()).task().orElseThrow(() -> new NotReadyException("task '" + spec.task()
                + "' cannot be used: " + tasks.get(spec.task()).problem()));
        TestSetRef testSet = testSet(task, spec.testSet());
        if (!testSet.equals(spec.testSetRef())) {
            throw new InvalidInputException("run '" + spec.id() + "' started on " + spec.testSetRef() + ", but the file is "
                    + testSet + " now");
        }
        TaskSystem system = systems.get(spec.system());
        if (!system.info().ready()) {
            throw new NotReadyException("system '" + spec.system() + "' is not ready: " + system.info().reason());
        }
        return new RunPlan(spec, task, system, tasks.examples(task.name(), testSet.name()), true, limits(spec));
    }

    private void checkLimits(RunRequest request) {
        // NaN fails "> 0"; Infinity is refused too, since no limit is said by leaving the field out.
        if (request.maxCost() != null && !(request.maxCost() > 0 && Double.isFinite(request.maxCost()))) {
            throw new InvalidInputException("'max_cost' is US dollars and must be a finite number more than 0, got "
                    + request.maxCost());
        }
        if (request.exampleTimeoutS() != null && !(request.exampleTimeoutS() > 0 && Double.isFinite(request.exampleTimeoutS()))) {
            throw new InvalidInputException("'example_timeout_s' must be a finite number of seconds more than 0, got "
                    + request.exampleTimeoutS());
        }
    }

    /** The spec's own limits; the configured example timeout where it has none. */
    private RunPlan.Limits limits(RunSpec spec) {
        Duration timeout = spec.exampleTimeoutS() == null ? config.exampleTimeout()
                : Duration.ofMillis(Math.round(spec.exampleTimeoutS() * 1000));
        return new RunPlan.Limits(spec.maxCost(), timeout);
    }

    /** The named test set (the task's first when none is named) with the checksum of its file now. */
    private TestSetRef testSet(Task task, String requested) {
        String name = blank(requested)
                ? task.testSets().stream().findFirst().map(DataSetFile::name).orElseThrow(() ->
                new InvalidInputException("task '" + task.name() + "' has no test set"))
                : requested;
        if (task.testSets().stream().noneMatch(t -> t.name().equals(name))) {
            throw new NotFoundException("task '" + task.name() + "' has no test set '" + name + "'; it has "
                    + task.testSets().stream().map(DataSetFile::name).toList());
        }
        String sha256 = tasks.get(task.name()).files().stream().filter(f -> f.file().name().equals(name))
                .findFirst().orElseThrow().file().sha256();
        return new TestSetRef(name, sha256);
    }

    /**
     * A run in the store that never completed (no ledger row, or an incomplete one) and is not running now; only one
     * on the same file (same checksum) is resumed, since answers to other examples must not be mixed in.
     */
    private Optional<RunSpec> unfinished(Task task, TestSetRef testSet, String system) {
        Set<String> finished = new HashSet<>();
        ledger.latest().stream().filter(RunRecord::complete).forEach(row -> finished.add(row.id()));
        return runs.specs().stream()
                .filter(s -> s.system().equals(system) && s.task().equals(task.name()) && s.testSetRef().equals(testSet)
                        && !finished.contains(s.id()) && !active.isActive(s.id()))
                .findFirst();
    }

    private static String newId() {
        return ID_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
