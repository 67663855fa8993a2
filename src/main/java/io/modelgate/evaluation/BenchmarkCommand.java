package io.modelgate.evaluation;

import io.modelgate.errors.ApiException;
import io.modelgate.systems.SystemRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code benchmark --task T --systems a,b [--testset S] [--fail-under metric=value] [--fail-over metric=value]
 * [--comment text] [--start-over]}: runs every system on the test set, prints the runs and their
 * comparisons, and exits 0 when every threshold holds, 1 when one fails, 2 on a usage error, so that it
 * can gate a CI pipeline.
 */
@ApplicationScoped
public class BenchmarkCommand {

    static final String USAGE = """
            usage: benchmark --task TASK --systems SYSTEM[,SYSTEM…] [--testset TEST_SET]
                             [--fail-under METRIC=VALUE]… [--fail-over METRIC=VALUE]… [--comment TEXT] [--start-over]
              --fail-under  fail (exit 1) when a higher-is-better metric (accuracy, macro_f1, r2) is below VALUE
              --fail-over   fail (exit 1) when a lower-is-better metric (rmse, mae, invalid_rate) is above VALUE
            exit codes: 0 every threshold holds, 1 a threshold fails, 2 usage or input error""";
    private static final Set<String> HIGHER_IS_BETTER = Set.of("accuracy", "macro_f1", "r2");
    private static final Set<String> LOWER_IS_BETTER = Set.of("rmse", "mae", "invalid_rate");

    private final RunService runs;
    private final SystemRegistry systems;

    public BenchmarkCommand(RunService runs, SystemRegistry systems) {
        this.runs = runs;
        this.systems = systems;
    }

    record Options(String task, List<String> systems, String testSet, Map<String, Double> under, Map<String, Double> over,
                   String comment, boolean startOver) {
    }

    /** Thrown for a command line that cannot be run: exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        awaitModels(err);
        List<RunService.Prepared> prepared = new ArrayList<>();
        try {
            // Every system is checked before any runs, so a typo in the last one costs nothing.
            for (String system : options.systems()) {
                prepared.add(runs.prepare(new RunRequest(options.task(), options.testSet(), system, options.comment(),
                        options.startOver())));
            }
        } catch (ApiException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        List<RunRecord> done = new ArrayList<>();
        for (RunService.Prepared run : prepared) {
            if (run.resumed()) {
                err.println("resuming run " + run.spec().id() + " of " + run.spec().system());
            }
            try {
                Optional<RunRecord> row = runs.run(run, progress -> bar(err, progress));
                err.println();
                row.ifPresent(done::add);
            } catch (RuntimeException e) {
                // The run is counted as not completed below, so the exit code is 1.
                err.println();
                err.println("error: " + run.spec().system() + ": " + e.getMessage());
            }
        }
        print(out, options, done);
        return thresholds(out, options, done);
    }

    static Options parse(String[] args) {
        String task = null;
        String systems = null;
        String testSet = null;
        String comment = null;
        boolean startOver = false;
        Map<String, Double> under = new LinkedHashMap<>();
        Map<String, Double> over = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--task" -> task = value(args, ++i, arg);
                case "--systems" -> systems = value(args, ++i, arg);
                case "--testset", "--test-set" -> testSet = value(args, ++i, arg);
                case "--comment" -> comment = value(args, ++i, arg);
                case "--start-over" -> startOver = true;
                case "--fail-under" -> threshold(value(args, ++i, arg), under, HIGHER_IS_BETTER, "--fail-over");
                case "--fail-over" -> threshold(value(args, ++i, arg), over, LOWER_IS_BETTER, "--fail-under");
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (task == null || systems == null) {
            throw new UsageException("--task and --systems are required");
        }
        List<String> names = List.of(systems.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new UsageException("--systems names no system");
        }
        return new Options(task, names, testSet, under, over, comment, startOver);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static void threshold(String text, Map<String, Double> into, Set<String> metrics, String other) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new UsageException("a threshold is METRIC=VALUE, e.g. accuracy=0.9; got '" + text + "'");
        }
        String metric = text.substring(0, eq).strip();
        if (!metrics.contains(metric)) {
            boolean wrongDirection = HIGHER_IS_BETTER.contains(metric) || LOWER_IS_BETTER.contains(metric);
            throw new UsageException(wrongDirection
                    ? "'" + metric + "' goes with " + other
                    : "unknown metric '" + metric + "'; expected one of " + new java.util.TreeSet<>(metrics));
        }
        try {
            into.put(metric, Double.parseDouble(text.substring(eq + 1).strip()));
        } catch (NumberFormatException e) {
            throw new UsageException("the threshold of '" + metric + "' is not a number: '" + text.substring(eq + 1) + "'");
        }
    }

    private void awaitModels(PrintStream err) {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!systems.ready() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!systems.ready()) {
            err.println("warning: not every system is ready; those that are not will be refused");
        }
    }

    private static void bar(PrintStream err, RunProgress progress) {
        int width = 30;
        int filled = progress.total() == 0 ? width : (int) ((long) progress.done() * width / progress.total());
        err.print(String.format(Locale.ROOT, "\r%-32s [%s%s] %d/%d%s", progress.system(), "#".repeat(filled),
                ".".repeat(width - filled), progress.done(), progress.total(),
                progress.invalid() > 0 ? " (" + progress.invalid() + " invalid)" : ""));
        err.flush();
    }

    private void print(PrintStream out, Options options, List<RunRecord> done) {
        out.println(LedgerExport.markdown(done));
        for (RunRecord row : done) {
            out.println(String.format(Locale.ROOT, "%s: %s, latency p50 %.3f ms, p99 %.3f ms, %.1f examples/s%s%s", row.system(),
                    metricsLine(row), row.latencyP50Ms(), row.latencyP99Ms(), row.throughput(),
                    row.inputTokens() + row.outputTokens() > 0 ? ", tokens " + row.inputTokens() + " in / " + row.outputTokens() + " out" : "",
                    row.cost() != null ? String.format(Locale.ROOT, ", cost $%.6f", row.cost()) : ""));
            if (runs.report(row) instanceof RegressionReport report && report.perBin() != null) {
                out.println("  rmse per bin of the true value: " + report.perBin().stream()
                        .map(b -> String.format(Locale.ROOT, "%.1f–%.1f %s (n=%d)", b.low(), b.high(),
                                b.rmse() == null ? "–" : String.format(Locale.ROOT, "%.3f", b.rmse()), b.n()))
                        .collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        if (done.size() > 1) {
            String testSet = done.get(0).testSet().substring(0, done.get(0).testSet().indexOf('@'));
            ComparisonReport report = runs.compare(options.task(), testSet);
            for (Comparison c : report.comparisons()) {
                if (done.stream().noneMatch(r -> r.id().equals(c.runA())) || done.stream().noneMatch(r -> r.id().equals(c.runB()))) {
                    continue;
                }
                out.println(String.format(Locale.ROOT, "%s vs %s: %s difference %+.4f (95%% CI %+.4f to %+.4f, n=%d), %s p = %.4g%s",
                        c.systemA(), c.systemB(), c.metric(), c.difference().value(), c.difference().low(), c.difference().high(),
                        c.n(), c.test(), c.pValue(),
                        c.aOnlyRight() == null ? "" : " (" + c.aOnlyRight() + " only A right, " + c.bOnlyRight() + " only B right)"));
            }
        }
    }

    private static String metricsLine(RunRecord row) {
        List<String> parts = new ArrayList<>();
        row.metrics().forEach((name, value) -> parts.add(name + " " + value));
        return String.join(", ", parts);
    }

    private static int thresholds(PrintStream out, Options options, List<RunRecord> done) {
        List<String> failures = new ArrayList<>();
        for (RunRecord row : done) {
            options.under().forEach((metric, limit) -> check(row, metric, limit, true, failures));
            options.over().forEach((metric, limit) -> check(row, metric, limit, false, failures));
        }
        if (done.size() < options.systems().size()) {
            failures.add((options.systems().size() - done.size()) + " run(s) did not complete");
        }
        failures.forEach(f -> out.println("FAIL " + f));
        return failures.isEmpty() ? 0 : 1;
    }

    private static void check(RunRecord row, String metric, double limit, boolean higherIsBetter, List<String> failures) {
        MetricValue value = row.metrics().get(metric);
        if (value == null) {
            failures.add(row.system() + ": no metric '" + metric + "' for task " + row.task());
        } else if (Double.isNaN(value.value()) || (higherIsBetter ? value.value() < limit : value.value() > limit)) {
            failures.add(String.format(Locale.ROOT, "%s: %s %.4f is %s %s", row.system(), metric, value.value(),
                    higherIsBetter ? "under" : "over", limit));
        }
    }
}
