package io.modelgate.evaluation;

import io.modelgate.errors.ApiException;
import io.modelgate.evaluation.Metric.Direction;
import io.modelgate.systems.SystemRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * {@code benchmark --task T --systems a,b,'glob*' [--test-set S] [--fail-under metric=value] [--fail-over metric=value]
 * [--comment text] [--start-over] [--max-cost USD] [--example-timeout DURATION]}: runs every system on the test set,
 * prints the runs and their comparisons, and exits 0 when every threshold holds, 1 when one fails, 2 on a usage
 * error, 3 when a run is incomplete (too many examples failed, or the cost limit stopped it), so that it can gate a
 * CI pipeline.
 * <p>
 * A little over 300 lines: the argument parsing and the printed report are the CLI's whole contract, kept in one
 * place so that the usage text, the flags and the output are read together; the work is in the planner, executor
 * and reports.
 */
@ApplicationScoped
public class BenchmarkCommand {

    static final String USAGE = "usage: benchmark --task TASK --systems SYSTEM[,SYSTEM…] [--test-set TEST_SET]\n"
            + "                 [--fail-under METRIC=VALUE]… [--fail-over METRIC=VALUE]… [--comment TEXT] [--start-over]\n"
            + "                 [--max-cost USD] [--example-timeout DURATION]\n"
            + "  --systems     names or globs ('penguins-*@default', '*@backup'), matched against the systems of the task\n"
            + "  --max-cost    stop a run, incomplete, once its answers cost USD (from the LLMs' configured prices)\n"
            + "  --example-timeout  how long one example may take (120s, 500ms, 2m) before it counts as failed\n"
            + "  --fail-under  fail (exit 1) when a higher-is-better metric (" + names(Direction.HIGHER_IS_BETTER)
            + ") is below VALUE\n"
            + "  --fail-over   fail (exit 1) when a lower-is-better metric (" + names(Direction.LOWER_IS_BETTER)
            + ") is above VALUE\n"
            + "exit codes: 0 every threshold holds, 1 a threshold fails, 2 usage or input error, 3 a run is incomplete";

    private final RunPlanner planner;
    private final RunExecutor executor;
    private final RunReports reports;
    private final SystemRegistry systems;

    public BenchmarkCommand(RunPlanner planner, RunExecutor executor, RunReports reports, SystemRegistry systems) {
        this.planner = planner;
        this.executor = executor;
        this.reports = reports;
        this.systems = systems;
    }

    record Options(String task, List<String> systems, String testSet, Map<Metric, Double> under, Map<Metric, Double> over,
                   String comment, boolean startOver, Double maxCost, Double exampleTimeoutS) {
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
        List<RunPlan> plans = new ArrayList<>();
        try {
            // Every system is checked before any runs, so a typo in the last one costs nothing.
            for (String system : SystemGlobs.expand(options.systems(), options.task(), systems, err)) {
                plans.add(planner.plan(new RunRequest(options.task(), options.testSet(), system, options.comment(),
                        options.startOver(), options.maxCost(), options.exampleTimeoutS())));
            }
        } catch (ApiException | UsageException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        List<RunRecord> done = new ArrayList<>();
        List<RunRecord> incomplete = new ArrayList<>();
        // Redrawn in place on a terminal; in a CI log or a pipe, where every redraw would stay, only the last state.
        boolean terminal = System.console() != null;
        for (RunPlan run : plans) {
            if (run.resumed()) {
                err.println("resuming run " + run.spec().id() + " of " + run.spec().system());
            }
            AtomicReference<RunProgress> last = new AtomicReference<>();
            try {
                Optional<RunRecord> row = executor.run(run, progress -> {
                    last.set(progress);
                    if (terminal) {
                        bar(err, progress, "\r");
                    }
                });
                if (!terminal && last.get() != null) {
                    bar(err, last.get(), "");
                }
                err.println();
                row.filter(RunRecord::complete).ifPresent(done::add);
                row.filter(r -> !r.complete()).ifPresent(incomplete::add);
            } catch (RuntimeException e) {
                // The run is counted as not completed below, so the exit code is 1.
                if (!terminal && last.get() != null) {
                    bar(err, last.get(), "");
                }
                err.println();
                err.println("error: " + run.spec().system() + ": " + e.getMessage());
            }
        }
        print(out, options, done);
        int code = thresholds(out, options, done, plans.size());
        for (RunRecord row : incomplete) {
            out.println("INCOMPLETE " + row.system() + " (run " + row.id() + "): " + row.reason()
                    + "; it is not a result. Run the same command again to ask only the examples left");
        }
        return done.size() < plans.size() ? 3 : code;
    }

    static Options parse(String[] args) {
        String task = null;
        String systems = null;
        String testSet = null;
        String comment = null;
        boolean startOver = false;
        Double maxCost = null;
        Double exampleTimeout = null;
        Map<Metric, Double> under = new LinkedHashMap<>();
        Map<Metric, Double> over = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--task" -> task = value(args, ++i, arg);
                case "--systems" -> systems = value(args, ++i, arg);
                case "--test-set", "--testset" -> testSet = value(args, ++i, arg);
                case "--comment" -> comment = value(args, ++i, arg);
                case "--start-over" -> startOver = true;
                case "--max-cost" -> maxCost = positive(value(args, ++i, arg), arg);
                case "--example-timeout" -> exampleTimeout = seconds(value(args, ++i, arg));
                case "--fail-under" -> threshold(value(args, ++i, arg), under, Direction.HIGHER_IS_BETTER, "--fail-over");
                case "--fail-over" -> threshold(value(args, ++i, arg), over, Direction.LOWER_IS_BETTER, "--fail-under");
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
        return new Options(task, names, testSet, under, over, comment, startOver, maxCost, exampleTimeout);
    }

    private static Double positive(String text, String option) {
        try {
            double value = Double.parseDouble(text.strip().replaceFirst("^\\$", ""));
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Said below.
        }
        throw new UsageException(option + " is US dollars, more than 0, e.g. 0.50; got '" + text + "'");
    }

    /** {@code 120s}, {@code 500ms}, {@code 2m} or a plain number of seconds. */
    static Double seconds(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?").matcher(text.strip());
        if (m.matches()) {
            double value = Double.parseDouble(m.group(1));
            double seconds = "ms".equals(m.group(2)) ? value / 1000 : "m".equals(m.group(2)) ? value * 60 : value;
            if (seconds > 0) {
                return seconds;
            }
        }
        throw new UsageException("--example-timeout is a duration more than 0, e.g. 120s, 500ms or 2m; got '" + text + "'");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static void threshold(String text, Map<Metric, Double> into, Direction direction, String other) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new UsageException("a threshold is METRIC=VALUE, e.g. accuracy=0.9; got '" + text + "'");
        }
        String name = text.substring(0, eq).strip();
        Optional<Metric> gate = Metric.find(name).filter(Metric::judgesTheSystem);
        if (gate.isEmpty()) {
            throw new UsageException("unknown metric '" + name + "'; expected one of "
                    + new TreeSet<>(Metric.gates(direction).stream().map(Metric::key).toList()));
        }
        if (gate.get().direction() != direction) {
            throw new UsageException("'" + name + "' goes with " + other);
        }
        try {
            into.put(gate.get(), Double.parseDouble(text.substring(eq + 1).strip()));
        } catch (NumberFormatException e) {
            throw new UsageException("the threshold of '" + name + "' is not a number: '" + text.substring(eq + 1) + "'");
        }
    }

    private static String names(Direction direction) {
        return Metric.gates(direction).stream().map(Metric::key).collect(Collectors.joining(", "));
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

    private static void bar(PrintStream err, RunProgress progress, String redraw) {
        int width = 30;
        int filled = progress.total() == 0 ? width : (int) ((long) progress.done() * width / progress.total());
        err.print(redraw + String.format(Locale.ROOT, "%-32s [%s%s] %d/%d%s%s", progress.system(), "#".repeat(filled),
                ".".repeat(width - filled), progress.done(), progress.total(),
                progress.invalid() > 0 ? " (" + progress.invalid() + " invalid)" : "",
                progress.failed() > 0 ? " (" + progress.failed() + " failed)" : ""));
        err.flush();
    }

    private void print(PrintStream out, Options options, List<RunRecord> done) {
        out.println(LedgerExport.markdown(done));
        for (RunRecord row : done) {
            out.println(String.format(Locale.ROOT, "%s: %s, latency p50 %.3f ms, p99 %.3f ms, %.1f examples/s%s%s", row.system(),
                    metricsLine(row), row.latencyP50Ms(), row.latencyP99Ms(), row.throughput(),
                    row.inputTokens() + row.outputTokens() > 0 ? ", tokens " + row.inputTokens() + " in / " + row.outputTokens() + " out" : "",
                    row.cost() != null ? String.format(Locale.ROOT, ", cost $%.6f", row.cost()) : ""));
            Report scores = reports.report(row);
            if (scores instanceof ClassificationReport report && report.probabilistic() != null) {
                ClassificationReport.Probabilistic p = report.probabilistic();
                if (p.leftOut() > 0 || !p.aucLeftOut().isEmpty()) {
                    out.println(String.format(Locale.ROOT, "  ece, brier, log_loss%s on the %d answers with label probabilities"
                                    + " (%d left out: invalid or without probabilities)%s", p.rocAuc() == null ? "" : ", roc_auc",
                            p.n(), p.leftOut(), p.aucLeftOut().isEmpty() ? ""
                                    : "; roc_auc leaves out " + p.aucLeftOut() + " (no positives or no negatives)"));
                }
            }
            if (scores instanceof RegressionReport report && report.perBin() != null) {
                out.println("  rmse per bin of the true value: " + report.perBin().stream()
                        .map(b -> String.format(Locale.ROOT, "%.1f–%.1f %s (n=%d)", b.low(), b.high(),
                                b.rmse() == null ? "–" : String.format(Locale.ROOT, "%.3f", b.rmse()), b.n()))
                        .collect(Collectors.joining(", ")));
            }
        }
        if (done.size() > 1) {
            ComparisonReport report = reports.compare(options.task(), done.get(0).testSet().name());
            for (Comparison c : report.comparisons()) {
                if (done.stream().noneMatch(r -> r.id().equals(c.runA())) || done.stream().noneMatch(r -> r.id().equals(c.runB()))) {
                    continue;
                }
                out.println(String.format(Locale.ROOT, "%s vs %s: %s difference %+.4f (95%% CI %+.4f to %+.4f, n=%d), %s p = %.4g%s",
                        c.systemA(), c.systemB(), c.metric(), c.difference().value(), c.difference().low(), c.difference().high(),
                        c.n(), c.test(), c.pValue(),
                        c.aOnlyRight() == null ? "" : " (" + c.aOnlyRight() + " only A right, " + c.bOnlyRight() + " only B right)")
                        + statistics(c));
                out.println("  " + detectable(c));
            }
            for (Verdict v : report.verdicts()) {
                if (done.stream().anyMatch(r -> r.id().equals(v.modelRun())) && done.stream().anyMatch(r -> r.id().equals(v.promptRun()))) {
                    out.println("verdict: " + v.summary());
                }
            }
        }
    }

    /** The mid-p beside the exact p, and the Holm-adjusted p the verdict uses, labelled with its family. */
    static String statistics(Comparison c) {
        return (c.midPValue() == null ? "" : String.format(Locale.ROOT, ", mid-p McNemar p = %.4g", c.midPValue()))
                + String.format(Locale.ROOT, ", Holm-adjusted p = %.4g (over %d comparison%s)", c.pValueHolm(), c.holmFamily(),
                c.holmFamily() == 1 ? "" : "s");
    }

    /** The minimum detectable difference of the comparison, in words. */
    static String detectable(Comparison c) {
        if (c.mdd() == null) {
            return c.discordantRate() != null && c.discordantRate() == 0
                    ? "no example is got right by only one of the two: the minimum detectable difference cannot be estimated"
                    : "the minimum detectable difference cannot be estimated for n=" + c.n();
        }
        if (c.metric() == Metric.ACCURACY) {
            return String.format(Locale.ROOT, "with %d examples and this discordant rate (%.3f), accuracy differences under"
                    + " %.1f points cannot be told apart (α 0.05, power 0.8; Connor 1987)", c.n(), c.discordantRate(), 100 * c.mdd());
        }
        return String.format(Locale.ROOT, "with %d examples, %s differences under %.4g cannot be told apart (α 0.05, power 0.8;"
                + " normal approximation with the bootstrap's standard error)", c.n(), c.metric(), c.mdd());
    }

    private static String metricsLine(RunRecord row) {
        List<String> parts = new ArrayList<>();
        row.metrics().forEach((name, value) -> parts.add(name + " " + value));
        return String.join(", ", parts);
    }

    private static int thresholds(PrintStream out, Options options, List<RunRecord> done, int runs) {
        List<String> failures = new ArrayList<>();
        for (RunRecord row : done) {
            options.under().forEach((metric, limit) -> check(row, metric, limit, failures));
            options.over().forEach((metric, limit) -> check(row, metric, limit, failures));
        }
        if (done.size() < runs) {
            failures.add((runs - done.size()) + " run(s) did not complete");
        }
        failures.forEach(f -> out.println("FAIL " + f));
        return failures.isEmpty() ? 0 : 1;
    }

    private static void check(RunRecord row, Metric metric, double limit, List<String> failures) {
        MetricValue value = row.metric(metric);
        if (value == null) {
            failures.add(row.system() + ": no metric '" + metric + "' for task " + row.task());
        } else if (metric.misses(value.value(), limit)) {
            failures.add(String.format(Locale.ROOT, "%s: %s %.4f is %s %s", row.system(), metric, value.value(),
                    metric.higherIsBetter() ? "under" : "over", limit));
        }
    }
}
