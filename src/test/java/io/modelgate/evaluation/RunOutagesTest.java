package io.modelgate.evaluation;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.prompting.FakeOpenAiServer;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outages are not results: examples the system failed on are recorded as failed, never scored; a run with too
 * many of them is incomplete, kept out of comparisons, the leaderboard and the gauge, and resumed by asking only
 * them again. Also the cost limit, the per-example deadline, globs in --systems and answers kept one by one.
 */
@QuarkusTest
@WithTestResource(value = TestFolders.class, initArgs = @ResourceArg(name = TestFolders.RESULTS_FOR, value = "RunOutagesTest"))
@WithTestResource(FakeLlmResource.class)
class RunOutagesTest {

    private static final String ZERO_SHOT = "penguins-zero-shot@default";
    /** The LLM {@code backup} has no retries: one request per example, so a count of replies is a count of examples. */
    private static final String ONE_TRY = "penguins-zero-shot@backup";

    @Inject
    BenchmarkCommand command;

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
        out.reset();
        err.reset();
        return command.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private RunRecord latest(String system) {
        List<RunRecord> rows = runs.rows().stream().filter(r -> r.system().equals(system)).toList();
        return rows.get(rows.size() - 1);
    }

    private static Double gauge(String system) {
        String metrics = get("/q/metrics").then().extract().asString();
        Matcher m = Pattern.compile("modelgate_run_primary_metric\\{metric=\"accuracy\",system=\"" + Pattern.quote(system)
                + "\",task=\"penguins\",test_set=\"penguins-test\"} (\\S+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    @Test
    void llmAnsweringFiveHundredToEverythingGivesAnIncompleteRunThatIsNoResultAndIsResumedWhenItRecovers() {
        FakeOpenAiServer llm = FakeLlmResource.server();
        llm.setDefault(Reply.answer("Adelie"));
        assertEquals(0, run("--task", "penguins", "--systems", ZERO_SHOT, "--start-over"), out() + err());
        RunRecord good = latest(ZERO_SHOT);
        assertEquals(31.0 / 69, gauge(ZERO_SHOT), 1e-9);

        llm.setDefault(Reply.status(500, "the LLM is down"));
        assertEquals(3, run("--task", "penguins", "--systems", ZERO_SHOT, "--start-over"), out() + err());
        RunRecord outage = latest(ZERO_SHOT);
        assertNotEquals(good.id(), outage.id());
        assertEquals("incomplete", outage.status());
        assertEquals(69, outage.failed());
        assertEquals(0, outage.n());
        assertTrue(outage.reason().startsWith("69 of 69 examples failed (100.0%, more than modelgate.results.max-failed-share 5.0%)"),
                outage.reason());
        assertTrue(out().contains("INCOMPLETE " + ZERO_SHOT + " (run " + outage.id() + "): 69 of 69 examples failed"), out());
        assertFalse(out().contains("| " + ZERO_SHOT + " v1 |"), "an incomplete run is not in the results table: " + out());

        // Listed with its status; not compared, not on the leaderboard, not in the gauge.
        get("/api/runs").then().body("find { it.id == '" + outage.id() + "' }.status", org.hamcrest.Matchers.equalTo("incomplete"))
                .body("find { it.id == '" + outage.id() + "' }.failed", org.hamcrest.Matchers.equalTo(69));
        get("/api/runs?format=md").then().body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("0.000 (")));
        get("/api/comparisons?task=penguins&test_set=penguins-test").then().statusCode(200)
                .body("runs.id", org.hamcrest.Matchers.hasItem(good.id()))
                .body("runs.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(outage.id())));
        get("/?task=penguins").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString(good.id()))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(outage.id())));
        assertEquals(31.0 / 69, gauge(ZERO_SHOT), 1e-9, "the gauge keeps the last good run");
        List<ExampleResult> answers = runs.results(outage.id());
        assertTrue(answers.stream().allMatch(r -> r.failed() && !r.invalid() && r.error().startsWith("HTTP 502: ")), answers.get(0).toString());

        // The LLM recovers: the same command resumes the run and asks every failed example once more, nothing else.
        llm.setDefault(Reply.answer("Gentoo"));
        int before = llm.requestCount();
        assertEquals(0, run("--task", "penguins", "--systems", ZERO_SHOT), out() + err());
        assertTrue(err().contains("resuming run " + outage.id() + " of " + ZERO_SHOT), err());
        assertEquals(69, llm.requestCount() - before);
        RunRecord resumed = runs.record(outage.id()).orElseThrow();
        assertEquals("complete", resumed.status());
        assertEquals(69, resumed.n());
        assertEquals(0, resumed.failed());
        assertEquals(25.0 / 69, resumed.primary().value(), 1e-9);
        assertEquals(25.0 / 69, gauge(ZERO_SHOT), 1e-9);
        assertEquals(1, runs.rows().stream().filter(r -> r.id().equals(outage.id())).count(), "each run is listed once");
    }

    @Test
    void partialOutageIsResumedByAskingOnlyTheFailedExamples() {
        FakeOpenAiServer llm = FakeLlmResource.server();
        llm.setDefault(Reply.answer("Adelie"));
        for (int i = 0; i < 20; i++) {
            llm.enqueue(Reply.status(503, "overloaded"));
        }
        assertEquals(3, run("--task", "penguins", "--systems", ONE_TRY, "--start-over"), out() + err());
        RunRecord first = latest(ONE_TRY);
        assertEquals("incomplete", first.status());
        assertEquals(20, first.failed());
        assertEquals(49, first.n());

        int before = llm.requestCount();
        assertEquals(0, run("--task", "penguins", "--systems", ONE_TRY), out() + err());
        assertEquals(20, llm.requestCount() - before, "only the 20 failed examples are asked again");
        RunRecord done = runs.record(first.id()).orElseThrow();
        assertEquals("complete", done.status());
        assertEquals(69, done.n());
        assertEquals(31.0 / 69, done.primary().value(), 1e-9);
        assertEquals(69, runs.results(first.id()).size());
    }

    @Test
    void aFewFailuresUnderTheThresholdLeaveACompleteRunScoredOnTheAnsweredExamples() {
        FakeOpenAiServer llm = FakeLlmResource.server();
        llm.setDefault(Reply.answer("Adelie"));
        llm.enqueue(Reply.status(500, "oops"), Reply.dropConnection(), Reply.status(400, "this instance is refused"));
        assertEquals(0, run("--task", "penguins", "--systems", ONE_TRY, "--start-over"), out() + err());
        RunRecord row = latest(ONE_TRY);
        assertEquals("complete", row.status());
        assertEquals(3, row.failed(), "3 of 69 (4.3%) is under 5%");
        assertEquals(66, row.n());
        assertEquals(66, row.metrics().get("accuracy").n());
        assertEquals(0, row.invalid(), "a failed example is not an invalid answer");
        // Which 3 examples drew the failures depends on the order of requests; the accuracy is over the 66 others.
        long adelie = runs.results(row.id()).stream().filter(r -> !r.failed() && r.truth().equals("Adelie")).count();
        assertEquals(adelie / 66.0, row.primary().value(), 1e-9);
    }

    @Test
    void maxCostStopsTheRunCleanlyAsIncomplete() {
        // 70 + 2 tokens at $0.15 and $0.60 per million: $0.0000117 an answer; the limit is reached after 5, and
        // at most the LLM's max-concurrency (4) more are in flight then.
        FakeLlmResource.server().setDefault(Reply.answer("Adelie").withUsage(70, 2));
        assertEquals(3, run("--task", "penguins", "--systems", ZERO_SHOT, "--start-over",
                "--max-cost", "0.00005"), out() + err());
        RunRecord row = latest(ZERO_SHOT);
        assertEquals("incomplete", row.status());
        assertTrue(row.reason().startsWith("stopped at the cost limit: $0.0000"), row.reason());
        assertTrue(row.n() >= 5 && row.n() < 20, "stopped after " + row.n() + " answers");
        assertTrue(row.cost() >= 0.00005, "cost " + row.cost());
        assertTrue(out().contains("INCOMPLETE " + ZERO_SHOT), out());

        // The same limit over REST.
        String id = given().contentType(ContentType.JSON).body("{\"task\": \"penguins\", \"system\": \"" + ZERO_SHOT + "\","
                + " \"start_over\": true, \"max_cost\": 0.00005}").post("/api/runs").then().statusCode(202).extract().path("id");
        JsonPath finished = awaitFinished(id);
        assertEquals("incomplete", finished.getString("run.status"));
        assertTrue(finished.getInt("run.n") < 20);
        given().contentType(ContentType.JSON).body("{\"task\": \"penguins\", \"system\": \"penguins-zero-shot@single\", \"max_cost\": -1}")
                .post("/api/runs").then().statusCode(400);
    }

    @Test
    void anExampleOverTheDeadlineCountsAsFailedAndTheRunGoesOn() {
        FakeOpenAiServer llm = FakeLlmResource.server();
        llm.setDefault(Reply.answer("Adelie"));
        llm.enqueue(Reply.slow(Duration.ofMillis(4000), "Adelie"), Reply.slow(Duration.ofMillis(4000), "Adelie"));
        assertEquals(0, run("--task", "penguins", "--systems", ONE_TRY, "--start-over", "--example-timeout", "1500ms"),
                out() + err());
        RunRecord row = latest(ONE_TRY);
        assertEquals("complete", row.status());
        assertEquals(2, row.failed());
        assertEquals(67, row.n());
        List<ExampleResult> failed = runs.results(row.id()).stream().filter(ExampleResult::failed).toList();
        assertEquals(2, failed.size());
        assertTrue(failed.get(0).error().contains("gave no answer within the run's deadline of 1.5 s per example"),
                failed.get(0).error());
        assertEquals(2, run("--task", "penguins", "--systems", ONE_TRY, "--example-timeout", "soon"));
        assertTrue(err().contains("error: --example-timeout is a duration more than 0"), err());
    }

    @Test
    void globsExpandToTheSystemsOfTheTaskAndAGlobMatchingNothingIsAUsageError() {
        FakeLlmResource.server().setDefault(Reply.answer("Adelie"));
        int before = runs.rows().size();
        assertEquals(0, run("--task", "penguins", "--systems", "penguins-mlp,penguins-few-shot*@backup", "--start-over"),
                out() + err());
        Set<String> systems = new TreeSet<>();
        runs.rows().subList(before, runs.rows().size()).forEach(r -> systems.add(r.system()));
        assertEquals(Set.of("penguins-mlp", "penguins-few-shot@backup", "penguins-few-shot-nearest@backup"), systems);

        before = runs.rows().size();
        assertEquals(2, run("--task", "penguins", "--systems", "penguins-mlp,nothing-*@default"));
        assertTrue(err().contains("error: 'nothing-*@default' matches no ready system of task 'penguins'"), err());
        assertEquals(2, run("--task", "penguins", "--systems", "weather-*"), "a glob matching only another task's systems");
        assertEquals(before, runs.rows().size(), "nothing is run on a usage error");
    }

    @Test
    void answersAreWrittenOneByOneAsTheyArriveSoAKillLosesNone() throws IOException {
        // One LLM request at a time, 300 ms each, in batches of 4 (modelgate.results.batch-size in tests): a file
        // written per batch would only ever hold a multiple of 4 lines.
        FakeLlmResource.server().setDefault(Reply.slow(Duration.ofMillis(300), "Adelie"));
        String id = given().contentType(ContentType.JSON).body("{\"task\": \"penguins\", \"system\": \"penguins-zero-shot@single\","
                + " \"start_over\": true}").post("/api/runs").then().statusCode(202).extract().path("id");
        Path file = TestSupport.resultsDir().resolve("runs/" + id + ".jsonl");
        java.util.Map<Integer, Long> seen = new java.util.TreeMap<>();
        long start = System.nanoTime();
        Instant deadline = Instant.now().plusSeconds(20);
        while (seen.size() < 8 && Instant.now().isBefore(deadline)) {
            if (Files.exists(file)) {
                seen.putIfAbsent((int) Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count(),
                        (System.nanoTime() - start) / 1_000_000);
            }
            TestSupport.sleep(20);
        }
        given().delete("/api/runs/" + id).then().statusCode(200);
        assertTrue(seen.keySet().stream().filter(lines -> lines % 4 != 0).count() >= 4,
                "line counts seen (at ms) while the run ran: " + seen);
        awaitFinished(id);
        assertTrue(runs.results(id).size() >= 3);
        assertTrue(runs.results(id).stream().noneMatch(ExampleResult::failed));
    }

    private static JsonPath awaitFinished(String id) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonPath run = get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
            String status = run.getString("progress.status");
            if (status != null && !status.equals("running")) {
                return run;
            }
            TestSupport.sleep(50);
        }
        throw new AssertionError("run " + id + " did not finish in 60 s");
    }
}
