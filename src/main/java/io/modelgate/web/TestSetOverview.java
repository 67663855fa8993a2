package io.modelgate.web;

import io.modelgate.evaluation.Metric;
import io.modelgate.evaluation.RunRecord;
import io.modelgate.systems.SystemKind;
import io.modelgate.tasks.DataSetFile;
import io.modelgate.tasks.Task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every test set of the usable tasks with its best trained model and best prompt (the latest complete run of each
 * system, as the leaderboard ranks them), and which test set was run on most recently: the one the dashboard opens on.
 */
final class TestSetOverview {

    /** One test set's leaders; {@code lastFinished} is null when nothing ran on it yet. */
    record Entry(String task, String testSet, RunRecord bestModel, RunRecord bestPrompt, Instant lastFinished) {
    }

    private final List<Entry> entries;

    private TestSetOverview(List<Entry> entries) {
        this.entries = entries;
    }

    static TestSetOverview of(List<Task> tasks, List<RunRecord> ledger) {
        List<Entry> entries = new ArrayList<>();
        for (Task task : tasks) {
            for (DataSetFile testSet : task.testSets()) {
                Map<String, RunRecord> latest = new LinkedHashMap<>();
                Instant lastFinished = null;
                for (RunRecord row : ledger) {
                    if (row.task().equals(task.name()) && row.testSet().isOf(testSet.name()) && row.complete()) {
                        latest.put(row.system(), row);
                        if (row.finishedAt() != null && (lastFinished == null || row.finishedAt().isAfter(lastFinished))) {
                            lastFinished = row.finishedAt();
                        }
                    }
                }
                entries.add(new Entry(task.name(), testSet.name(), best(latest.values(), SystemKind.ONNX),
                        best(latest.values(), SystemKind.PROMPT), lastFinished));
            }
        }
        return new TestSetOverview(List.copyOf(entries));
    }

    List<Entry> entries() {
        return entries;
    }

    /** The test set with the most recent complete run; empty when no test set has one. */
    Optional<Entry> mostRecentlyRun() {
        return entries.stream().filter(e -> e.lastFinished() != null).max(Comparator.comparing(Entry::lastFinished));
    }

    private static RunRecord best(java.util.Collection<RunRecord> runs, SystemKind kind) {
        return runs.stream().filter(r -> kind.label().equals(r.kind()))
                .max(Comparator.comparingDouble(TestSetOverview::signedPrimary)).orElse(null);
    }

    /** The primary metric, signed so that larger is better; a metric this version does not know ranks as higher-is-better. */
    static double signedPrimary(RunRecord r) {
        double value = r.primary() == null || Double.isNaN(r.primary().value()) ? Double.NEGATIVE_INFINITY : r.primary().value();
        return Metric.find(r.primaryMetric()).map(m -> m.signed(value)).orElse(value);
    }

    /** "penguins-mlp · accuracy 0.985", or a dash when there is none. */
    static String describe(RunRecord run) {
        if (run == null) {
            return "–";
        }
        String value = run.primary() == null ? "" : String.format(Locale.ROOT, " %.3f", run.primary().value());
        return run.system() + " · " + run.primaryMetric() + value;
    }
}
