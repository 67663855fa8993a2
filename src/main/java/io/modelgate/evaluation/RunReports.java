package io.modelgate.evaluation;

import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import io.modelgate.systems.SystemInfo;
import io.modelgate.tasks.DataSetFile;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.Task;
import io.modelgate.tasks.TaskRepository;
import org.hipparchus.stat.descriptive.rank.Percentile;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What runs add up to: a finished run's ledger row (metrics with intervals, latency, tokens, cost,
 * commit), its scores, and the comparison of the latest runs on a test set. It reads the run files and
 * the ledger; it writes nothing.
 */
final class RunReports {

    private final TaskRepository tasks;
    private final Ledger ledger;
    private final RunFiles files;
    private final Scorer scorer;
    private final Comparisons comparisons;

    RunReports(TaskRepository tasks, Ledger ledger, RunFiles files, Scorer scorer, Comparisons comparisons) {
        this.tasks = tasks;
        this.ledger = ledger;
        this.files = files;
        this.scorer = scorer;
        this.comparisons = comparisons;
    }

    public ComparisonReport compare(String task, String testSet) {
        Task definition = tasks.get(task).task().orElseThrow(() -> new NotReadyException("task '" + task + "' cannot be used"));
        if (definition.testSets().stream().noneMatch(t -> t.name().equals(testSet))) {
            throw new NotFoundException("task '" + task + "' has no test set '" + testSet + "'; it has "
                    + definition.testSets().stream().map(DataSetFile::name).toList());
        }
        Map<String, RunRecord> latest = new LinkedHashMap<>();
        for (RunRecord row : ledger.rows()) {
            if (row.task().equals(task) && row.testSet().startsWith(testSet + "@") && "complete".equals(row.status())) {
                latest.put(row.system(), row);
            }
        }
        List<RunRecord> runs = new ArrayList<>(latest.values());
        List<Comparison> pairs = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (int j = i + 1; j < runs.size(); j++) {
                RunRecord a = runs.get(i);
                RunRecord b = runs.get(j);
                if (!a.testSet().equals(b.testSet())) {
                    continue; // Same name, other content: not comparable example by example.
                }
                pairs.add(definition.type() == Task.Type.CLASSIFICATION
                        ? comparisons.classification(a, files.results(a.id()), b, files.results(b.id()))
                        : comparisons.regression(a, files.results(a.id()), b, files.results(b.id())));
            }
        }
        return new ComparisonReport(task, testSet, runs, pairs);
    }

    /** The scores of a finished run, from its per-example file. */
    public Object report(RunRecord row) {
        Task task = tasks.get(row.task()).task().orElseThrow();
        List<ExampleResult> results = files.results(row.id());
        return task.type() == Task.Type.CLASSIFICATION ? scorer.classification(results, task.labels())
                : scorer.regression(results, baseline(task, tasks.examples(task.name(), testSetName(row))),
                task.type() == Task.Type.SIMILARITY);
    }

    RunRecord record(RunService.Prepared prepared, int answeredNow, double seconds) {
        RunSpec spec = prepared.spec();
        Task task = prepared.task();
        SystemInfo info = prepared.system().info();
        Map<String, Example> byId = new LinkedHashMap<>();
        prepared.examples().forEach(e -> byId.put(e.id(), e));
        Map<String, ExampleResult> unique = new LinkedHashMap<>();
        files.results(spec.id()).forEach(r -> unique.put(r.id(), r));
        List<ExampleResult> results = byId.keySet().stream().map(unique::get).filter(java.util.Objects::nonNull).toList();
        Map<String, MetricValue> metrics = new LinkedHashMap<>();
        String primary = task.primaryMetric() == null ? (task.type() == Task.Type.CLASSIFICATION ? "accuracy" : "rmse")
                : task.primaryMetric();
        if (task.type() == Task.Type.CLASSIFICATION) {
            ClassificationReport report = scorer.classification(results, task.labels());
            metrics.put("accuracy", report.accuracy());
            metrics.put("macro_f1", report.macroF1());
            metrics.put("invalid_rate", report.invalidRate());
        } else {
            RegressionReport report = scorer.regression(results, baseline(task, prepared.examples()));
            metrics.put("rmse", report.rmse());
            metrics.put("mae", report.mae());
            metrics.put("r2", report.r2());
            metrics.put("invalid_rate", report.invalidRate());
            if (report.baselineRmse() != null) {
                metrics.put("baseline_rmse", report.baselineRmse());
                metrics.put("baseline_mae", report.baselineMae());
            }
        }
        double[] latencies = results.stream().mapToDouble(ExampleResult::latencyMs).toArray();
        Percentile percentile = new Percentile();
        percentile.setData(latencies);
        boolean priced = results.stream().anyMatch(r -> r.cost() != null);
        Path source = info.source();
        return new RunRecord(spec.id(), info.name(), info.kind().label(), info.description(), task.name(),
                spec.testSet() + "@" + spec.testSetSha256(), info.version(), info.sha256(), primary, metrics,
                results.size(), (int) results.stream().filter(ExampleResult::invalid).count(),
                latencies.length == 0 ? 0 : percentile.evaluate(50), latencies.length == 0 ? 0 : percentile.evaluate(95),
                latencies.length == 0 ? 0 : percentile.evaluate(99), answeredNow == 0 ? 0 : answeredNow / seconds,
                results.stream().mapToLong(ExampleResult::inputTokens).sum(),
                results.stream().mapToLong(ExampleResult::outputTokens).sum(),
                priced ? results.stream().mapToDouble(r -> r.cost() == null ? 0 : r.cost()).sum() : null,
                source == null ? "unknown" : GitCommit.of(java.nio.file.Files.isDirectory(source) ? source : source.toAbsolutePath().getParent()),
                spec.startedAt(), Instant.now(), spec.comment(), "complete");
    }

    /** The naive baseline's answer per example: the value of the field the task names. */
    private static Map<String, Double> baseline(Task task, List<Example> examples) {
        Map<String, Double> answers = new java.util.HashMap<>();
        if (task.naiveBaseline() == null) {
            return answers;
        }
        for (Example example : examples) {
            com.fasterxml.jackson.databind.JsonNode value = example.instance().get(task.naiveBaseline().field());
            if (value != null && value.isNumber()) {
                answers.put(example.id(), value.doubleValue());
            }
        }
        return answers;
    }

    static String testSetName(RunRecord row) {
        int at = row.testSet().indexOf('@');
        return at < 0 ? row.testSet() : row.testSet().substring(0, at);
    }

}
