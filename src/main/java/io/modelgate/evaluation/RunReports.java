package io.modelgate.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import io.modelgate.systems.SystemInfo;
import io.modelgate.tasks.DataSetFile;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.Task;
import io.modelgate.tasks.TaskRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.hipparchus.stat.descriptive.rank.Percentile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What runs add up to: the ledger, a finished run's scores and answers, the comparison of the latest runs
 * on a test set, and the ledger row a finished run is summed up in. It reads the run store and the
 * ledger and writes nothing, so the dashboard may use it as freely as the API.
 */
@ApplicationScoped
public class RunReports {

    private final TaskRepository tasks;
    private final LedgerStore ledger;
    private final RunStore runs;
    private final Scorer scorer;
    private final Comparisons comparisons;

    RunReports(TaskRepository tasks, LedgerStore ledger, RunStore runs, ResultsConfig config) {
        this.tasks = tasks;
        this.ledger = ledger;
        this.runs = runs;
        Bootstrap bootstrap = new Bootstrap(config.bootstrapResamples(), config.seed());
        this.scorer = new Scorer(bootstrap);
        this.comparisons = new Comparisons(bootstrap);
    }

    /** Every finished run, complete or incomplete (see {@link RunRecord#status()}), oldest first; each run once. */
    public List<RunRecord> rows() {
        return ledger.latest();
    }

    public Optional<RunRecord> record(String id) {
        return ledger.latest().stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /**
     * The answers of a run, the newest per example, without the examples the system failed on: what scores and
     * comparisons stand on.
     */
    private List<ExampleResult> answered(String id) {
        return runs.answered(id);
    }

    /** A run's answers, the newest one per example (an example asked again after a failure has two lines). */
    public List<ExampleResult> results(String id) {
        if (runs.spec(id).isEmpty()) {
            throw new NotFoundException("unknown run '" + id + "'");
        }
        return List.copyOf(runs.newest(id).values());
    }

    /** The latest complete run of every system on a test set, and every pair of them compared. */
    public ComparisonReport compare(String task, String testSet) {
        Task definition = tasks.get(task).task().orElseThrow(() -> new NotReadyException("task '" + task + "' cannot be used"));
        if (definition.testSets().stream().noneMatch(t -> t.name().equals(testSet))) {
            throw new NotFoundException("task '" + task + "' has no test set '" + testSet + "'; it has "
                    + definition.testSets().stream().map(DataSetFile::name).toList());
        }
        Map<String, RunRecord> latest = new LinkedHashMap<>();
        for (RunRecord row : ledger.latest()) {
            if (row.task().equals(task) && row.testSet().isOf(testSet) && row.complete()) {
                latest.put(row.system(), row);
            }
        }
        List<RunRecord> runs = new ArrayList<>(latest.values());
        RunRecord best = runs.stream().max(java.util.Comparator.comparingDouble(RunReports::signedPrimary)).orElse(null);
        Map<String, RunRecord> byId = new HashMap<>();
        runs.forEach(r -> byId.put(r.id(), r));
        List<Comparison> pairs = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (int j = i + 1; j < runs.size(); j++) {
                RunRecord a = runs.get(i);
                RunRecord b = runs.get(j);
                if (!a.testSet().equals(b.testSet())) {
                    continue; // Same name, other content: not comparable example by example.
                }
                // With three or more systems, only the pairs a reader asks about: against the best, against a trained model.
                if (runs.size() >= 3 && a != best && b != best && !SystemKinds.isModel(a) && !SystemKinds.isModel(b)) {
                    continue;
                }
                pairs.add(definition.type() == Task.Type.CLASSIFICATION
                        ? comparisons.classification(a, answered(a.id()), b, answered(b.id()))
                        : comparisons.regression(a, answered(a.id()), b, answered(b.id())));
            }
        }
        double[] adjusted = PairedTests.holm(pairs.stream().mapToDouble(Comparison::decisive).toArray());
        List<Comparison> family = new ArrayList<>(pairs.size());
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Comparison c = pairs.get(i).withHolm(adjusted[i], pairs.size());
            family.add(c);
            RunRecord a = byId.get(c.runA());
            RunRecord b = byId.get(c.runB());
            if ((SystemKinds.isModel(a) && SystemKinds.isPrompt(b)) || (SystemKinds.isPrompt(a) && SystemKinds.isModel(b))) {
                verdicts.add(Verdict.of(c, a, b));
            }
        }
        return new ComparisonReport(task, testSet, runs, family, verdicts);
    }

    /** The primary metric signed so that larger is better; a metric this version does not know ranks as higher-is-better. */
    static double signedPrimary(RunRecord r) {
        double value = r.primary() == null || Double.isNaN(r.primary().value()) ? Double.NEGATIVE_INFINITY : r.primary().value();
        return Metric.find(r.primaryMetric()).map(m -> m.signed(value)).orElse(value);
    }

    /** The reliability diagram of a finished classification run (no intervals, so cheap); null without label probabilities. */
    public List<ClassificationReport.ReliabilityBin> reliability(RunRecord row) {
        Task task = tasks.get(row.task()).task().orElseThrow();
        return task.type() != Task.Type.CLASSIFICATION ? null : Scorer.reliability(answered(row.id()), task.labels());
    }

    /** The scores of a finished run, from its saved answers. */
    public Report report(RunRecord row) {
        Task task = tasks.get(row.task()).task().orElseThrow();
        return score(task, answered(row.id()), tasks.examples(task.name(), row.testSet().name()));
    }

    /**
     * The ledger row of a finished run: its metrics over the newest answer to each example of the test set that
     * the system answered (failed examples are counted in {@code failed}, never scored), latency percentiles,
     * tokens, cost and the commit of the system's runs.
     *
     * @param answeredNow examples answered in this sitting, over {@code seconds}: the throughput
     * @param reason      why the run is incomplete; null for a complete run
     */
    RunRecord summarise(RunSpec spec, Task task, SystemInfo info, List<Example> examples, int answeredNow, double seconds,
                        String reason) {
        Map<String, ExampleResult> newest = runs.newest(spec.id());
        List<ExampleResult> all = examples.stream().map(Example::id).distinct().map(newest::get).filter(Objects::nonNull)
                .toList();
        List<ExampleResult> results = all.stream().filter(r -> !r.failed()).toList();
        int failed = all.size() - results.size();
        Map<String, MetricValue> metrics = new LinkedHashMap<>();
        score(task, results, examples).ledgerMetrics().forEach((metric, value) -> metrics.put(metric.key(), value));
        String primary = task.primaryMetric() != null ? task.primaryMetric()
                : (task.type() == Task.Type.CLASSIFICATION ? Metric.ACCURACY : Metric.RMSE).key();
        double[] latencies = results.stream().mapToDouble(ExampleResult::latencyMs).toArray();
        Percentile percentile = new Percentile();
        percentile.setData(latencies);
        boolean priced = results.stream().anyMatch(r -> r.cost() != null);
        Path source = info.source();
        return new RunRecord(spec.id(), info.name(), info.kind().label(), info.description(), task.name(), spec.testSetRef(),
                info.version(), info.sha256(), primary, metrics,
                results.size(), (int) results.stream().filter(ExampleResult::invalid).count(),
                latencies.length == 0 ? 0 : percentile.evaluate(50), latencies.length == 0 ? 0 : percentile.evaluate(95),
                latencies.length == 0 ? 0 : percentile.evaluate(99), answeredNow == 0 ? 0 : answeredNow / seconds,
                results.stream().mapToLong(ExampleResult::inputTokens).sum(),
                results.stream().mapToLong(ExampleResult::outputTokens).sum(),
                priced ? results.stream().mapToDouble(r -> r.cost() == null ? 0 : r.cost()).sum() : null,
                source == null ? "unknown" : GitCommit.of(Files.isDirectory(source) ? source : source.toAbsolutePath().getParent()),
                spec.startedAt(), Instant.now(), spec.comment(), reason == null ? RunRecord.COMPLETE : RunRecord.INCOMPLETE,
                failed, reason);
    }

    /** A similarity task's targets lie in [0, 1], so its errors are also given per bin of the true value. */
    private Report score(Task task, List<ExampleResult> results, List<Example> examples) {
        return task.type() == Task.Type.CLASSIFICATION ? scorer.classification(results, task.labels())
                : scorer.regression(results, baseline(task, examples), task.type() == Task.Type.SIMILARITY);
    }

    /** The naive baseline's answer per example: the value of the field the task names. */
    private static Map<String, Double> baseline(Task task, List<Example> examples) {
        Map<String, Double> answers = new HashMap<>();
        if (task.naiveBaseline() == null) {
            return answers;
        }
        for (Example example : examples) {
            JsonNode value = example.instance().get(task.naiveBaseline().field());
            if (value != null && value.isNumber()) {
                answers.put(example.id(), value.doubleValue());
            }
        }
        return answers;
    }
}
