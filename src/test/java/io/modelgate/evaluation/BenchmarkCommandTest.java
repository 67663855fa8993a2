package io.modelgate.evaluation;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark CLI, model against prompt, against the tests' OpenAI-compatible server. */
@QuarkusTest
@WithTestResource(value = TestFolders.class, initArgs = @ResourceArg(name = TestFolders.RESULTS_FOR, value = "BenchmarkCommandTest"))
@WithTestResource(FakeLlmResource.class)
class BenchmarkCommandTest {

    @Inject
    BenchmarkCommand command;

    @Inject
    RunPlanner planner;

    @Inject
    RunReports runs;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
        FakeLlmResource.server().reset();
        out.reset();
        err.reset();
    }

    private int run(String... args) {
        return command.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void modelAgainstPromptPrintsBothRunsTheirComparisonAndAppendsTwoLedgerRows() {
        FakeLlmResource.server().setDefault(Reply.answer("Gentoo"));
        int before = runs.rows().size();
        int code = run("--task", "penguins", "--systems", "penguins-mlp,penguins-zero-shot@default",
                "--fail-under", "accuracy=0.3", "--comment", "CLI test", "--start-over");
        assertEquals(0, code, out() + err);
        String report = out();
        assertTrue(report.contains("| penguins-mlp v1 | MLP 4-16-8-3"), report);
        assertTrue(report.contains("| penguins-zero-shot@default v1 |"), report);
        assertTrue(report.contains("penguins-mlp: accuracy 0.9855 ("), report);
        // 25 of the 69 test penguins are Gentoo.
        assertTrue(report.contains("penguins-zero-shot@default: accuracy 0.3623 ("), report);
        assertTrue(report.contains("penguins-mlp vs penguins-zero-shot@default: accuracy difference +0.6232"), report);
        assertTrue(report.contains("exact McNemar p = "), report);
        assertTrue(report.contains(", mid-p McNemar p = "), report);
        assertTrue(report.contains(", Holm-adjusted p = "), report);
        assertTrue(report.contains("  with 69 examples and this discordant rate ("), report);
        assertTrue(report.contains("points cannot be told apart (α 0.05, power 0.8; Connor 1987)"), report);
        assertTrue(report.contains("verdict: penguins-mlp is better than penguins-zero-shot@default (prompt) on accuracy by +0.6232"), report);
        assertTrue(report.matches("(?s).*penguins-mlp: accuracy [^\n]*, ece [0-9.]+ \\([^)]*n=69\\), brier [^\n]*, log_loss [^\n]*, roc_auc .*"),
                report);
        assertTrue(!report.matches("(?s).*penguins-zero-shot@default: [^\n]*ece.*"), "a text prompt gives no probabilities: " + report);
        String progress = err.toString(StandardCharsets.UTF_8);
        assertTrue(progress.contains("[##############################] 69/69"), progress);
        assertEquals(2, progress.lines().filter(line -> line.contains("69/69")).count(),
                "without a terminal (a CI log) each run's progress is one line, not a redraw per example: " + progress);
        assertTrue(!progress.contains("\r"), "no carriage returns in a log: " + progress);

        List<RunRecord> rows = runs.rows();
        assertEquals(before + 2, rows.size());
        for (RunRecord row : rows.subList(before, rows.size())) {
            assertTrue(row.gitCommit().matches("[0-9a-f]{12}(-dirty)?|unknown"), row.gitCommit());
            assertEquals("CLI test", row.comment());
            assertTrue(row.finishedAt().isBefore(Instant.now().plusSeconds(1)));
        }
    }

    @Test
    void theCliAndTheApiGiveTheSameIntervalsAndShufflingAnAnswerFileChangesNone() throws java.io.IOException {
        FakeLlmResource.server().setDefault(Reply.answer("Chinstrap"));
        assertEquals(0, run("--task", "penguins", "--systems", "penguins-mlp,penguins-zero-shot@default", "--start-over"), out() + err);
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                "penguins-mlp vs penguins-zero-shot@default: accuracy difference ([+-][0-9.]+) \\(95% CI ([+-][0-9.]+) to ([+-][0-9.]+), n=69\\)")
                .matcher(out());
        assertTrue(line.find(), out());
        List<RunRecord> rows = runs.rows();
        String prompt = rows.get(rows.size() - 1).id();
        String model = rows.get(rows.size() - 2).id();
        io.restassured.path.json.JsonPath api = io.restassured.RestAssured.get("/api/comparisons?task=penguins&testset=penguins-test")
                .then().statusCode(200).extract().jsonPath();
        int index = api.getList("comparisons.run_b").indexOf(prompt);
        assertEquals(model, api.getString("comparisons[" + index + "].run_a"));
        String path = "comparisons[" + index + "].difference.";
        assertEquals(line.group(1), String.format(java.util.Locale.ROOT, "%+.4f", api.getDouble(path + "value")));
        assertEquals(line.group(2), String.format(java.util.Locale.ROOT, "%+.4f", api.getDouble(path + "low")));
        assertEquals(line.group(3), String.format(java.util.Locale.ROOT, "%+.4f", api.getDouble(path + "high")));
        Object scores = io.restassured.RestAssured.get("/api/runs/" + model).then().extract().path("scores");

        // The order of an answer file is the order batches finished in: shuffled, every interval stays.
        for (String id : List.of(model, prompt)) {
            java.nio.file.Path file = TestSupport.resultsDir().resolve("runs/" + id + ".jsonl");
            List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(file));
            java.util.Collections.shuffle(lines, new java.util.Random(11));
            java.nio.file.Files.write(file, lines);
        }
        io.restassured.path.json.JsonPath again = io.restassured.RestAssured.get("/api/comparisons?task=penguins&testset=penguins-test")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(api.getMap("comparisons[" + index + "].difference"), again.getMap("comparisons[" + index + "].difference"));
        assertEquals(api.getList("verdicts"), again.getList("verdicts"));
        assertEquals(scores, io.restassured.RestAssured.get("/api/runs/" + model).then().extract().path("scores"),
                "the run's own intervals (ECE, Brier, … too) do not move either");
    }

    @Test
    void thresholdThatFailsExitsWithOne() {
        assertEquals(1, run("--task", "penguins", "--systems", "penguins-mlp", "--fail-under", "accuracy=0.99"));
        assertTrue(out().contains("FAIL penguins-mlp: accuracy 0.9855 is under 0.99"), out());
        assertEquals(0, run("--task", "penguins", "--systems", "penguins-mlp", "--fail-over", "invalid_rate=0"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            no task               | --systems penguins-mlp                                                   | --task and --systems are required
            unknown option        | --task penguins --systems penguins-mlp --verbose                         | unknown option '--verbose'
            malformed threshold   | --task penguins --systems penguins-mlp --fail-under accuracy             | a threshold is METRIC=VALUE, e.g. accuracy=0.9; got 'accuracy'
            threshold not numeric | --task penguins --systems penguins-mlp --fail-under accuracy=high        | the threshold of 'accuracy' is not a number: 'high'
            unknown metric        | --task penguins --systems penguins-mlp --fail-under precision=0.9        | unknown metric 'precision'; expected one of
            wrong direction       | --task penguins --systems penguins-mlp --fail-under rmse=3               | 'rmse' goes with --fail-over
            unknown task          | --task whales --systems penguins-mlp                                     | unknown task 'whales'
            unknown system        | --task penguins --systems penguins-mlp,nope                              | unknown system 'nope'
            unknown test set      | --task penguins --systems penguins-mlp --testset holdout                 | task 'penguins' has no test set 'holdout'
            value missing         | --task penguins --systems                                                | --systems needs a value
            """)
    void usageErrorsExitWithTwoAndSayWhatIsWrong(String what, String args, String error) {
        int before = runs.rows().size();
        assertEquals(2, run(args.split(" ")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("error: " + error), err.toString(StandardCharsets.UTF_8));
        assertEquals(before, runs.rows().size(), "nothing is run on a usage error");
    }

    @Test
    void runCutShortResumesWithoutLostOrDuplicatedExamples() {
        // A run that stopped after some answers: its spec and part of its examples are on disk, the last line cut.
        RunPlan first = planner.plan(new RunRequest("penguins", null, "penguins-mlp", "to resume", true));
        RunFiles files = new RunFiles(TestSupport.resultsDir());
        files.create(first.spec());
        for (var example : first.examples().subList(0, 20)) {
            files.append(first.spec().id(), new ExampleResult(example.id(), example.target().asText(), example.target().asText(),
                    false, 1.0, 0, 0, null, null, null));
        }
        // Two examples whose request had failed: they are asked again on resume.
        for (var example : first.examples().subList(20, 22)) {
            files.append(first.spec().id(), new ExampleResult(example.id(), example.target().asText(), null, true, 1.0, 0, 0,
                    null, null, "LLM 'default' failed after 2 retries: HTTP 500"));
        }
        try {
            java.nio.file.Files.writeString(TestSupport.resultsDir().resolve("runs/" + first.spec().id() + ".jsonl"),
                    "{\"id\":\"penguins-9", java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(0, run("--task", "penguins", "--systems", "penguins-mlp"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("resuming run " + first.spec().id()), err.toString(StandardCharsets.UTF_8));
        List<ExampleResult> results = runs.results(first.spec().id());
        assertEquals(69, results.size());
        assertEquals(69, results.stream().map(ExampleResult::id).distinct().count());
        assertTrue(results.stream().noneMatch(r -> r.error() != null), "failed examples were asked again");
        RunRecord row = runs.record(first.spec().id()).orElseThrow();
        assertEquals(69, row.n());
        assertEquals("to resume", row.comment());
    }
}
