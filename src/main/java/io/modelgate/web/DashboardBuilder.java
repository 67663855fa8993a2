package io.modelgate.web;

import io.modelgate.evaluation.ClassificationReport;
import io.modelgate.evaluation.Comparison;
import io.modelgate.evaluation.ComparisonReport;
import io.modelgate.evaluation.Metric;
import io.modelgate.evaluation.MetricValue;
import io.modelgate.evaluation.RunRecord;
import io.modelgate.evaluation.RunReports;
import io.modelgate.evaluation.Verdict;
import io.modelgate.systems.SystemInfo;
import io.modelgate.systems.SystemRegistry;
import io.modelgate.tasks.DataSetFile;
import io.modelgate.tasks.Task;
import io.modelgate.tasks.TaskRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads tasks, systems and the ledger into what the dashboard shows; it only reads. */
@ApplicationScoped
public class DashboardBuilder {

    private static final int WIDTH = 520;
    private static final int HEIGHT = 300;
    private static final int MARGIN = 48;

    private final TaskRepository tasks;
    private final SystemRegistry systems;
    private final RunReports reports;

    public DashboardBuilder(TaskRepository tasks, SystemRegistry systems, RunReports reports) {
        this.tasks = tasks;
        this.systems = systems;
        this.reports = reports;
    }

    public DashboardView build(String taskName, String testSetName, String runId) {
        List<Task> usable = tasks.all().stream().flatMap(t -> t.task().stream()).toList();
        TestSetOverview overview = TestSetOverview.of(usable, reports.rows());
        // Unasked, the page opens where the latest work is: the test set with the most recent complete run.
        Optional<TestSetOverview.Entry> recent = overview.mostRecentlyRun();
        String wantedTask = taskName != null ? taskName : recent.map(TestSetOverview.Entry::task).orElse(null);
        Task task = usable.stream().filter(t -> t.name().equals(wantedTask)).findFirst()
                .or(() -> usable.stream().findFirst()).orElse(null);
        if (task == null) {
            return new DashboardView(List.of(), null, null, List.of(), List.of(), null, null, null);
        }
        String wantedTestSet = testSetName != null ? testSetName : overview.entries().stream()
                .filter(e -> e.task().equals(task.name()) && e.lastFinished() != null)
                .max(Comparator.comparing(TestSetOverview.Entry::lastFinished)).map(TestSetOverview.Entry::testSet).orElse(null);
        String testSet = task.testSets().stream().map(DataSetFile::name).filter(n -> n.equals(wantedTestSet)).findFirst()
                .orElse(task.testSets().isEmpty() ? null : task.testSets().get(0).name());
        List<DashboardView.TaskOption> taskOptions = usable.stream()
                .map(t -> new DashboardView.TaskOption(t.name(), t.type().name().toLowerCase(Locale.ROOT),
                        t.testSets().stream().map(DataSetFile::name).toList(), t == task))
                .toList();
        List<DashboardView.TestSetRow> testSetRows = overview.entries().stream()
                .map(e -> new DashboardView.TestSetRow(e.task(), e.testSet(), TestSetOverview.describe(e.bestModel()),
                        TestSetOverview.describe(e.bestPrompt()), e.lastFinished() == null ? "never"
                        : String.valueOf(e.lastFinished()).replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"),
                        e.task().equals(task.name()) && e.testSet().equals(testSet)))
                .toList();
        List<DashboardView.SystemOption> systemOptions = systems.all().stream().map(s -> s.info())
                .filter(info -> task.name().equals(info.task()))
                .map(info -> new DashboardView.SystemOption(info.name(), info.kind().label(), info.ready()))
                .toList();
        if (testSet == null) {
            return new DashboardView(taskOptions, task.name(), null, systemOptions, List.of(), null, null, null)
                    .withTestSets(testSetRows);
        }
        ComparisonReport report = reports.compare(task.name(), testSet);
        List<RunRecord> ranked = new ArrayList<>(report.runs());
        ranked.sort(Comparator.comparingDouble(r -> better(r) * -1));
        RunRecord selected = ranked.stream().filter(r -> r.id().equals(runId)).findFirst()
                .orElse(ranked.isEmpty() ? null : ranked.get(0));
        List<DashboardView.LeaderboardRow> leaderboard = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            RunRecord r = ranked.get(i);
            MetricValue m = r.primary();
            leaderboard.add(new DashboardView.LeaderboardRow(i + 1, r.id(), r.system(), r.kind(), r.primaryMetric(),
                    fmt(m.value()), fmt(m.low()) + "–" + fmt(m.high()), r.n(), r.invalid(),
                    String.format(Locale.ROOT, "%.2f", r.latencyP50Ms()),
                    r.cost() == null ? "" : String.format(Locale.ROOT, "$%.4f", r.cost()), r.gitCommit(),
                    String.valueOf(r.finishedAt()).replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"), r == selected));
        }
        // Only a classification run has a confusion matrix; other runs are not scored just to find that out.
        DashboardView.Heatmap heatmap = selected != null && task.type() == Task.Type.CLASSIFICATION
                && reports.report(selected) instanceof ClassificationReport scores ? heatmap(selected, scores) : null;
        DashboardView.Disagreements disagreements = disagreements(report, ranked);
        Map<RunRecord, List<ClassificationReport.ReliabilityBin>> bins = new LinkedHashMap<>();
        if (task.type() == Task.Type.CLASSIFICATION) {
            for (RunRecord r : ranked.subList(0, Math.min(5, ranked.size()))) {
                List<ClassificationReport.ReliabilityBin> reliability = reports.reliability(r);
                if (reliability != null) {
                    bins.put(r, reliability);
                }
            }
        }
        DashboardView.TruthScatter truth = selected != null && task.type() != Task.Type.CLASSIFICATION
                ? DashboardCharts.truthScatter(selected, reports.results(selected.id())) : null;
        return new DashboardView(taskOptions, task.name(), testSet, systemOptions, leaderboard, scatter(ranked), heatmap,
                disagreements, report.verdicts().stream().map(DashboardBuilder::verdict).toList(),
                DashboardCharts.reliability(bins, selected), truth, testSetRows);
    }

    private static DashboardView.VerdictRow verdict(Verdict v) {
        String headline = v.better() == null
                ? "No significant difference between " + v.model() + " (model) and " + v.prompt() + " (prompt)"
                : v.better().equals(v.model()) ? v.model() + " (model) is better than " + v.prompt() + " (prompt)"
                : v.prompt() + " (prompt) is better than " + v.model() + " (model)";
        MetricValue d = v.difference();
        String detail = String.format(Locale.ROOT, "%s model − prompt %+.3f (95%% CI %+.3f to %+.3f, n=%d); Holm-adjusted %s p = %.3g (%d comparison%s)%s",
                v.metric(), d.value(), d.low(), d.high(), v.n(), v.test(), v.pValueHolm(), v.holmFamily(),
                v.holmFamily() == 1 ? "" : "s",
                v.mdd() == null ? "" : v.metric() == Metric.ACCURACY
                        ? String.format(Locale.ROOT, "; differences under %.1f points cannot be told apart", 100 * v.mdd())
                        : String.format(Locale.ROOT, "; differences under %.3g cannot be told apart", v.mdd()));
        String cost = "cost per 1,000 examples: model " + dollars(v.modelCostPer1000()) + ", prompt " + dollars(v.promptCostPer1000());
        String latency = Double.isNaN(v.latencyRatio()) ? "latency ratio unknown"
                : String.format(Locale.ROOT, "latency p50: the prompt takes %.1f× the model's", v.latencyRatio());
        String css = v.better() == null ? "tie" : v.better().equals(v.model()) ? "model" : "prompt";
        return new DashboardView.VerdictRow(headline, detail, cost, latency, v.standIn(), css);
    }

    private static String dollars(Double value) {
        return value == null ? "none (no prices)" : String.format(Locale.ROOT, "$%.4f", value);
    }

    /** The primary metric, signed so that larger is better. */
    private static double better(RunRecord r) {
        double value = r.primary() == null ? Double.NEGATIVE_INFINITY : r.primary().value();
        // A metric this version does not know ranks as higher-is-better.
        return Metric.find(r.primaryMetric()).map(m -> m.signed(value)).orElse(value);
    }

    private static DashboardView.Scatter scatter(List<RunRecord> runs) {
        if (runs.isEmpty()) {
            return null;
        }
        double minLog = runs.stream().mapToDouble(r -> Math.log10(Math.max(r.latencyP50Ms(), 1e-3))).min().orElse(0);
        double maxLog = runs.stream().mapToDouble(r -> Math.log10(Math.max(r.latencyP50Ms(), 1e-3))).max().orElse(1);
        double x0 = Math.floor(minLog);
        double x1 = Math.max(Math.ceil(maxLog), x0 + 1);
        MetricValue baseline = Metric.find(runs.get(0).primaryMetric()).flatMap(Metric::baseline)
                .map(runs.get(0)::metric).orElse(null);
        double y0 = Math.min(runs.stream().mapToDouble(r -> r.primary().low()).min().orElse(0),
                baseline == null ? Double.POSITIVE_INFINITY : baseline.value());
        double y1 = Math.max(runs.stream().mapToDouble(r -> r.primary().high()).max().orElse(1),
                baseline == null ? Double.NEGATIVE_INFINITY : baseline.value());
        if (!(y1 - y0 > 1e-9)) {
            y0 = (Double.isNaN(y0) ? 0 : y0) - 0.05;
            y1 = y0 + 0.1;
        }
        double plotW = WIDTH - 2 * MARGIN;
        double plotH = HEIGHT - 2 * MARGIN;
        double fy0 = y0;
        double fy1 = y1;
        double maxCost = runs.stream().filter(r -> r.cost() != null).mapToDouble(RunRecord::cost).max().orElse(0);
        List<DashboardView.Point> points = runs.stream().map(r -> {
            double x = MARGIN + (Math.log10(Math.max(r.latencyP50Ms(), 1e-3)) - x0) / (x1 - x0) * plotW;
            double y = HEIGHT - MARGIN - (r.primary().value() - fy0) / (fy1 - fy0) * plotH;
            String title = String.format(Locale.ROOT, "%s: %s %s, latency p50 %.2f ms%s", r.system(), r.primaryMetric(),
                    r.primary(), r.latencyP50Ms(), r.cost() == null ? "" : String.format(Locale.ROOT, ", cost $%.4f", r.cost()));
            // The third dimension, cost: the dearer the run, the larger its point.
            double radius = r.cost() == null || maxCost <= 0 ? 5 : 5 + 9 * Math.sqrt(r.cost() / maxCost);
            // Labels near the right edge go to the left of their point, so they stay inside the chart.
            boolean right = x < WIDTH - MARGIN - 90;
            return new DashboardView.Point(round(x), round(y), round(radius), round(right ? x + radius + 3 : x - radius - 3),
                    round(y - 8), right ? "start" : "end", r.system(), title);
        }).toList();
        List<DashboardView.Label> labels = new ArrayList<>();
        for (double e = x0; e <= x1 + 1e-9; e++) {
            labels.add(new DashboardView.Label(round(MARGIN + (e - x0) / (x1 - x0) * plotW), HEIGHT - MARGIN + 18, "middle",
                    fmtMs(Math.pow(10, e))));
        }
        for (int i = 0; i <= 4; i++) {
            double v = y0 + (y1 - y0) * i / 4;
            labels.add(new DashboardView.Label(MARGIN - 6, round(HEIGHT - MARGIN - (v - y0) / (y1 - y0) * plotH + 4), "end", fmt(v)));
        }
        labels.add(new DashboardView.Label(WIDTH / 2.0, HEIGHT - 8, "middle", "median latency per example (log scale)"));
        DashboardView.Label baselineLine = baseline == null ? null : new DashboardView.Label(WIDTH - MARGIN,
                round(HEIGHT - MARGIN - (baseline.value() - y0) / (y1 - y0) * plotH), "end",
                "naive baseline " + fmt(baseline.value()));
        return new DashboardView.Scatter(WIDTH, HEIGHT, MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, MARGIN, points, labels,
                runs.get(0).primaryMetric(), baselineLine);
    }

    private static DashboardView.Heatmap heatmap(RunRecord run, ClassificationReport report) {
        int cell = 56;
        int left = 120;
        int top = 30;
        List<String> columns = new ArrayList<>(report.labels());
        columns.add("invalid");
        int max = 1;
        for (int[] row : report.confusion()) {
            for (int count : row) {
                max = Math.max(max, count);
            }
        }
        List<DashboardView.Label> labels = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            labels.add(new DashboardView.Label(left + c * cell + cell / 2.0, 20, "middle", columns.get(c)));
        }
        List<DashboardView.Cell> cells = new ArrayList<>();
        for (int r = 0; r < report.labels().size(); r++) {
            labels.add(new DashboardView.Label(left - 8, top + r * cell + cell / 2.0 + 4, "end", report.labels().get(r)));
            for (int c = 0; c < columns.size(); c++) {
                int count = report.confusion()[r][c];
                double intensity = (double) count / max;
                // White to deep blue on the diagonal (right), white to deep red off it (wrong).
                String fill = r == c
                        ? String.format(Locale.ROOT, "rgb(%d,%d,255)", (int) (255 - 200 * intensity), (int) (255 - 150 * intensity))
                        : String.format(Locale.ROOT, "rgb(255,%d,%d)", (int) (255 - 200 * intensity), (int) (255 - 200 * intensity));
                double x = left + c * cell;
                double y = top + r * cell;
                cells.add(new DashboardView.Cell(x, y, x + (cell - 2) / 2.0, y + (cell - 2) / 2.0 + 4, count, fill,
                        intensity > 0.6 ? "#fff" : "#222"));
            }
        }
        int width = left + columns.size() * cell + 10;
        int height = top + report.labels().size() * cell + 40;
        labels.add(new DashboardView.Label(left + columns.size() * cell / 2.0, height - 12, "middle", "predicted (rows: true label)"));
        return new DashboardView.Heatmap(run.id(), run.system(), width, height, cell - 2, labels, cells);
    }

    private static DashboardView.Disagreements disagreements(ComparisonReport report, List<RunRecord> ranked) {
        if (ranked.size() < 2) {
            return null;
        }
        String a = ranked.get(0).id();
        String b = ranked.get(1).id();
        Optional<Comparison> comparison = report.comparisons().stream()
                .filter(c -> Set.of(c.runA(), c.runB()).equals(Set.of(a, b))).findFirst();
        return comparison.map(c -> new DashboardView.Disagreements(c.systemA(), c.systemB(),
                String.format(Locale.ROOT, "%s p = %.3g", c.test(), c.pValue()),
                c.disagreements().stream().limit(100)
                        .map(d -> new DashboardView.Disagreements.Row(d.id(), d.truth(), d.a() == null ? "(invalid)" : d.a(),
                                d.b() == null ? "(invalid)" : d.b()))
                        .toList())).orElse(null);
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String fmtMs(double ms) {
        return ms >= 1 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.3g ms", ms);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
