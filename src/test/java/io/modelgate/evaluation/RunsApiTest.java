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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Benchmark runs over REST: the model and a prompt on the penguins test set, the ledger and their comparison. */
@QuarkusTest
@WithTestResource(value = TestFolders.class, initArgs = @ResourceArg(name = TestFolders.RESULTS_FOR, value = "RunsApiTest"))
@WithTestResource(FakeLlmResource.class)
class RunsApiTest {

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
        FakeLlmResource.server().reset();
    }

    /** models/cifar10-cnn/MODEL_CARD.md: accuracy on cifar10-test-1000. */
    private static final double CIFAR10_SUBSET_ACCURACY = 0.793;

    static String start(String system) {
        return given().contentType(ContentType.JSON)
                .body("{\"task\": \"penguins\", \"system\": \"" + system + "\", \"comment\": \"from a test\", \"start_over\": true}")
                .post("/api/runs").then().statusCode(202).extract().path("id");
    }

    static JsonPath awaitComplete(String id) {
        return TestSupport.awaitRunComplete(id);
    }

    @Test
    void modelAndPromptAreRunOnTheSameTestSetAndCompared() {
        FakeOpenAiServer llm = FakeLlmResource.server();
        llm.setDefault(Reply.answer("Adelie").withUsage(70, 2));

        JsonPath model = awaitComplete(start("penguins-mlp"));
        assertEquals(69, model.getInt("run.n"));
        assertEquals(0.9855, model.getDouble("run.metrics.accuracy.value"), 1e-4);
        assertTrue(model.getDouble("run.metrics.accuracy.low") < 0.9855);
        assertEquals("penguins-test@78856df72b90ffd7969ddd935813419bdbe871de8c73548cdca09194aa369950", model.getString("run.test_set"));
        assertEquals("from a test", model.getString("run.comment"));
        assertEquals(3, model.getList("scores.confusion").size());
        // The model gives class probabilities: calibration and ranking metrics, with n, in the ledger row and the report.
        for (String metric : List.of("ece", "brier", "log_loss", "roc_auc")) {
            assertEquals(69, model.getInt("run.metrics." + metric + ".n"), metric);
            assertTrue(model.getDouble("run.metrics." + metric + ".low") <= model.getDouble("run.metrics." + metric + ".value"), metric);
        }
        assertTrue(model.getDouble("run.metrics.roc_auc.value") > 0.95);
        assertEquals(69, model.getInt("scores.probabilistic.n"));
        assertEquals(0, model.getInt("scores.probabilistic.left_out"));
        assertEquals(10, model.getList("scores.probabilistic.reliability").size());
        assertEquals(69, model.<Integer>getList("scores.probabilistic.reliability.n").stream().mapToInt(Integer::intValue).sum());
        assertEquals(model.getDouble("run.metrics.ece.value"), model.getDouble("scores.probabilistic.ece.value"), 0);

        JsonPath prompt = awaitComplete(start("penguins-zero-shot@default"));
        assertEquals(69, llm.requestCount(), "one LLM request per test example");
        // The fake LLM says Adelie to everything: right for the 31 Adelie penguins of the test split.
        assertEquals(31.0 / 69, prompt.getDouble("run.metrics.accuracy.value"), 1e-6);
        assertEquals(69 * 70, prompt.getLong("run.input_tokens"));
        assertEquals(69 * (70 * 0.15 + 2 * 0.60) / 1e6, prompt.getDouble("run.cost"), 1e-12);
        assertEquals(null, (Object) prompt.get("run.metrics.ece"), "a text answer has no probabilities: no probabilistic metrics");
        assertEquals(null, (Object) prompt.get("scores.probabilistic"));

        get("/api/comparisons?task=penguins&test_set=penguins-test").then().statusCode(200)
                .body("runs.system", org.hamcrest.Matchers.hasItems("penguins-mlp", "penguins-zero-shot@default"))
                .body("comparisons[0].test", equalTo("exact McNemar"))
                .body("comparisons[0].p_value", org.hamcrest.Matchers.lessThan(0.001f))
                .body("comparisons[0].disagreements.size()", org.hamcrest.Matchers.greaterThan(30))
                .body("comparisons[0].mid_p_value", org.hamcrest.Matchers.lessThan(0.001f))
                .body("comparisons[0].p_value_holm", org.hamcrest.Matchers.notNullValue())
                .body("comparisons[0].holm_family", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("comparisons[0].mdd", org.hamcrest.Matchers.greaterThan(0f))
                .body("verdicts.find { it.model_run == '" + model.getString("run.id") + "' && it.prompt_run == '"
                        + prompt.getString("run.id") + "' }.better", equalTo("penguins-mlp"))
                .body("verdicts.find { it.prompt_run == '" + prompt.getString("run.id") + "' }.summary",
                        startsWith("penguins-mlp is better than penguins-zero-shot@default (prompt) on accuracy by +0.5362"));
        JsonPath verdict = new JsonPath(get("/api/comparisons?task=penguins&test_set=penguins-test").asString())
                .setRootPath("verdicts.find { it.prompt_run == '" + prompt.getString("run.id") + "' }");
        assertEquals((70 * 0.15 + 2 * 0.60) / 1e3, verdict.getDouble("prompt_cost_per_1000"), 1e-8, "dollars per 1,000 examples");
        assertEquals(null, (Object) verdict.get("model_cost_per_1000"), "the model has no prices");
        assertEquals(prompt.getDouble("run.latency_p50_ms") / model.getDouble("run.latency_p50_ms"),
                verdict.getDouble("latency_ratio"), 1e-5 * verdict.getDouble("latency_ratio"), "JSON numbers are read as floats");
        assertEquals("mid-p McNemar", verdict.getString("test"));

        get("/api/comparisons?task=penguins&testset=penguins-test").then().statusCode(200)
                .body("comparisons[0].test", equalTo("exact McNemar"));
        get("/api/runs?format=md").then().statusCode(200)
                .body(containsString("| system | description | metric | value (95% CI) | n | test set | git commit | comments |"))
                .body(containsString("| penguins-mlp v1 |"))
                .body(containsString("| accuracy | 0.986 ("));
        get("/api/runs?format=csv").then().statusCode(200).body(startsWith("run,system,kind,"));
        get("/q/metrics").then().body(containsString(
                "modelgate_run_primary_metric{metric=\"accuracy\",system=\"penguins-mlp\",task=\"penguins\",test_set=\"penguins-test\"} 0.98"));
    }

    @Test
    void regressionRunsAreScoredNextToTheNaiveBaselineAndComparedByPairedBootstrap() {
        JsonPath linear = awaitComplete(given().contentType(ContentType.JSON)
                .body("{\"task\": \"toy-regression\", \"system\": \"toy-linear\", \"start_over\": true}")
                .post("/api/runs").then().statusCode(202).extract().path("id"));
        JsonPath constant = awaitComplete(given().contentType(ContentType.JSON)
                .body("{\"task\": \"toy-regression\", \"system\": \"toy-constant\", \"start_over\": true}")
                .post("/api/runs").then().statusCode(202).extract().path("id"));
        assertEquals(40, linear.getInt("run.n"));
        assertEquals("rmse", linear.getString("run.primary_metric"));
        double rmse = linear.getDouble("run.metrics.rmse.value");
        double baseline = linear.getDouble("run.metrics.baseline_rmse.value");
        // y is 2x + 1 give or take 0.5, today is y give or take 1.5: the model must beat the baseline.
        assertTrue(rmse < 0.5 && baseline > 0.5 && rmse < baseline, rmse + " vs baseline " + baseline);
        assertTrue(linear.getDouble("run.metrics.r2.value") > 0.95);
        assertTrue(constant.getDouble("run.metrics.rmse.value") > 3);
        assertEquals(baseline, constant.getDouble("run.metrics.baseline_rmse.value"), 1e-12, "the same baseline for both");
        assertTrue(linear.getDouble("scores.baseline_mae.value") > 0);

        get("/api/comparisons?task=toy-regression&test_set=toy-test").then().statusCode(200)
                .body("comparisons[0].test", equalTo("paired bootstrap"))
                .body("comparisons[0].metric", equalTo("rmse"))
                .body("comparisons[0].p_value", org.hamcrest.Matchers.lessThan(0.01f))
                // They agree only at x = 2, where 2x + 1 = 5.
                .body("comparisons[0].disagreements.size()", equalTo(39));
        get("/?task=toy-regression").then().statusCode(200).body(containsString("toy-linear"))
                .body(containsString("id=\"baseline\"")).body(containsString("naive baseline"));
    }

    @Test
    void weatherModelIsRunOnTheTestYearDrawnFromThePublicDataSet() {
        JsonPath run = awaitComplete(given().contentType(ContentType.JSON)
                .body("{\"task\": \"weather\", \"system\": \"weather-mlp\", \"start_over\": true}")
                .post("/api/runs").then().statusCode(202).extract().path("id"));
        // models/weather-mlp/MODEL_CARD.md: test RMSE 3.167 h, naive baseline 4.262 h, on the 365 days of 2009.
        assertEquals(365, run.getInt("run.n"));
        assertEquals(3.167, run.getDouble("run.metrics.rmse.value"), 0.001);
        assertEquals(4.262, run.getDouble("run.metrics.baseline_rmse.value"), 0.001);
        assertEquals("weather-test@d10b70448e6848a66958a18667f4dbf8a4ef13b166f6803a7ab2057c6ec9d438", run.getString("run.test_set"));
        get("/api/runs/" + run.getString("run.id") + "?examples=true").then()
                .body("examples.id", org.hamcrest.Matchers.hasItems("20090101", "20091231"))
                .body("examples.size()", equalTo(365));
    }

    @Test
    void cifar10ModelAndVisionPromptAreRunOnTheStratifiedThousandImages() {
        JsonPath model = awaitComplete(given().contentType(ContentType.JSON)
                .body("{\"task\": \"cifar10\", \"system\": \"cifar10-cnn\", \"test_set\": \"cifar10-test-1000\", \"start_over\": true}")
                .post("/api/runs").then().statusCode(202).extract().path("id"));
        assertEquals(1000, model.getInt("run.n"));
        assertEquals("cifar10-test-1000@c12f1ef5dee4a43e2ae9e36fbb05d34d60861df0ef738c1c7ec51ad3e31b9fa3",
                model.getString("run.test_set"));
        // models/cifar10-cnn/MODEL_CARD.md gives the subset accuracy with PIL's JPEG decoder; Java's ImageIO
        // decodes a few pixel values differently, which may turn an answer or two.
        assertEquals(CIFAR10_SUBSET_ACCURACY, model.getDouble("run.metrics.accuracy.value"), 0.005);

        FakeOpenAiServer llm = FakeLlmResource.server();
        llm.setDefault(Reply.answer("The image shows a **cat**."));
        int before = llm.requestCount();
        JsonPath prompt = awaitComplete(given().contentType(ContentType.JSON)
                .body("{\"task\": \"cifar10\", \"system\": \"cifar10-zero-shot@default\", \"test_set\": \"cifar10-test-1000\", \"start_over\": true}")
                .post("/api/runs").then().statusCode(202).extract().path("id"));
        assertEquals(1000, llm.requestCount() - before, "one LLM request per image");
        // Cat is right for the 100 cats of the stratified subset.
        assertEquals(0.1, prompt.getDouble("run.metrics.accuracy.value"), 1e-9);
        assertEquals(0.0, prompt.getDouble("run.metrics.invalid_rate.value"), 1e-9);
        JsonPath request = new JsonPath(llm.lastRequest().body());
        assertTrue(request.getString("messages[0].content[1].image_url.url").startsWith("data:image/jpeg;base64,/9j/"));
        assertEquals("Which one of these categories is depicted in the image: airplane, automobile, bird, cat, deer, dog,"
                + " frog, horse, ship, truck? Answer with the category only.", request.getString("messages[0].content[0].text"));
    }

    @Test
    void progressIsStreamedAsServerSentEvents() {
        // 69 answers of 250 ms each, 4 at a time (the LLM's max-concurrency): the run takes 4 s or more, so
        // it is still running when the client subscribes a few milliseconds after starting it. Without the
        // delay it could end first and the stream hold only its final state, which proves no streaming.
        FakeLlmResource.server().setDefault(Reply.slow(Duration.ofMillis(250), "Adelie"));
        String id = start("penguins-zero-shot@default");
        String stream = given().accept("text/event-stream").get("/api/runs/" + id + "/events").then().statusCode(200)
                .extract().asString();
        List<JsonPath> events = stream.lines().filter(line -> line.startsWith("data:"))
                .map(line -> new JsonPath(line.substring("data:".length()))).toList();
        assertTrue(events.size() >= 2, "a progress event before the final one: " + stream);
        JsonPath last = events.get(events.size() - 1);
        assertEquals("complete", last.getString("status"), stream);
        assertEquals(69, last.getInt("done"), stream);
        for (JsonPath event : events.subList(0, events.size() - 1)) {
            assertEquals("running", event.getString("status"), stream);
            assertEquals(69, event.getInt("total"), stream);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            unknown task      | 404 | {"task": "whales", "system": "penguins-mlp"}                            | unknown task 'whales'
            unknown system    | 404 | {"task": "penguins", "system": "nope"}                                  | unknown system 'nope'
            unknown test set  | 404 | {"task": "penguins", "system": "penguins-mlp", "test_set": "holdout"}  | task 'penguins' has no test set 'holdout'; it has [penguins-test]
            wrong task        | 400 | {"task": "penguins", "system": "tabular-classifier"}                    | system 'tabular-classifier' answers no task, not 'penguins'
            broken system     | 400 | {"task": "penguins", "system": "broken"}                                | system 'broken' answers no task, not 'penguins'
            no system         | 400 | {"task": "penguins"}                                                    | a run needs 'task' and 'system'
            """)
    void badRunRequestsAreRefused(String what, int status, String body, String error) {
        given().contentType(ContentType.JSON).body(body).post("/api/runs").then().statusCode(status)
                .body("error", startsWith(error));
    }

    @Test
    void cancelledRunKeepsItsAnswersAndResumesWhenStartedAgain() {
        FakeLlmResource.server().setDefault(Reply.slow(Duration.ofMillis(150), "Gentoo"));
        String id = start("penguins-zero-shot@default");
        TestSupport.sleep(400);
        given().delete("/api/runs/" + id).then().statusCode(200).body("cancelling", equalTo(true));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String status = "running";
        while (status.equals("running") && Instant.now().isBefore(deadline)) {
            TestSupport.sleep(50);
            status = get("/api/runs/" + id).then().extract().path("progress.status");
        }
        assertEquals("unfinished", status, "a cancelled run is not in the ledger; its answers stay on disk");
        int kept = get("/api/runs/" + id).then().extract().path("progress.done");
        assertTrue(kept > 0 && kept < 69, "kept " + kept + " answers");

        FakeLlmResource.server().setDefault(Reply.answer("Gentoo"));
        given().contentType(ContentType.JSON).body("{\"task\": \"penguins\", \"system\": \"penguins-zero-shot@default\"}")
                .post("/api/runs").then().statusCode(202).body("id", equalTo(id)).body("resumed", equalTo(true));
        JsonPath done = awaitComplete(id);
        assertEquals(69, done.getInt("run.n"));
        assertEquals(25.0 / 69, done.getDouble("run.metrics.accuracy.value"), 1e-6);
    }

    @Test
    void otherBadRequestsAreRefused() {
        get("/api/runs/does-not-exist").then().statusCode(404).body("error", equalTo("unknown run 'does-not-exist'"));
        given().delete("/api/runs/does-not-exist").then().statusCode(404);
        get("/api/comparisons?task=penguins").then().statusCode(400).body("error", containsString("'task' and 'test_set' are required"));
        get("/api/runs?format=xlsx").then().statusCode(400).body("error", equalTo("format 'xlsx' is not one of json, md, csv"));
    }

    @Test
    void anLlmThatCannotBeReachedGivesAnIncompleteRunOfFailedExamplesNotInvalidAnswers() {
        String id = start("penguins-zero-shot@down");
        JsonPath run = null;
        for (int i = 0; i < 600 && (run == null || "running".equals(run.getString("progress.status"))); i++) {
            TestSupport.sleep(50);
            run = get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
        }
        assertEquals("incomplete", run.getString("run.status"));
        assertEquals(69, run.getInt("run.failed"));
        assertEquals(0, run.getInt("run.n"));
        assertEquals(0, run.getInt("run.invalid"));
        get("/api/runs/" + id + "?examples=true").then()
                .body("examples[0].error", matchesPattern("HTTP 502: LLM 'down' failed after 1 retry: connection failed.*"))
                .body("examples[0].invalid", equalTo(false));
    }
}
