package io.modelgate.prompting;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static io.modelgate.TestSupport.near;
import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prompts bound to LLMs as systems, against a local OpenAI-compatible server. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class PromptSystemsTest {

    private static final String ADELIE = "{\"instances\": [{\"bill_length_mm\": 40.3, \"bill_depth_mm\": 18,"
            + " \"flipper_length_mm\": 195, \"body_mass_g\": 3250, \"island\": \"Torgersen\", \"sex\": \"female\"}]}";

    private FakeOpenAiServer llm;

    @BeforeEach
    void reset() {
        TestSupport.awaitReady();
        llm = FakeLlmResource.server();
        llm.reset();
    }

    private static ValidatableResponse predict(String system, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/systems/" + system + "/predict").then();
    }

    @Test
    void zeroShotPromptIsRenderedExactlyAndSentWithItsParameters() {
        predict("penguins-zero-shot@default", ADELIE).statusCode(200);
        JsonNode sent = llm.lastRequest().json();
        assertEquals("fake-model", sent.get("model").asText());
        assertEquals(0.0, sent.get("temperature").asDouble());
        assertEquals(10, sent.get("max_tokens").asInt());
        assertEquals("system", sent.at("/messages/0/role").asText());
        assertEquals("You are an ornithologist who knows the penguins of the Palmer Archipelago, Antarctica.",
                sent.at("/messages/0/content").asText());
        assertEquals("user", sent.at("/messages/1/role").asText());
        assertEquals("""
                A penguin was measured on Torgersen island:
                bill length 40.3 mm, bill depth 18 mm, flipper length 195 mm,
                body mass 3250 g, female.
                Which species is it: Adelie, Chinstrap, Gentoo? Answer with the species name only.""",
                sent.at("/messages/1/content").asText());
        assertEquals("Bearer " + FakeLlmResource.API_KEY, llm.lastRequest().header("Authorization"));
    }

    @Test
    void optionalFieldsLeftOutAreLeftOutOfThePrompt() {
        predict("penguins-zero-shot@default", "{\"instances\": [{\"bill_length_mm\": 40.3, \"bill_depth_mm\": 18,"
                + " \"flipper_length_mm\": 195, \"body_mass_g\": 3250}]}").statusCode(200);
        assertTrue(llm.lastRequest().json().at("/messages/1/content").asText()
                .startsWith("A penguin was measured:\nbill length 40.3 mm"), llm.lastRequest().body());
    }

    @Test
    void fewShotExamplesComeBeforeTheQuestionAsUserAndAssistantTurns() {
        predict("penguins-few-shot@default", ADELIE).statusCode(200);
        JsonNode messages = llm.lastRequest().json().get("messages");
        assertEquals(1 + 2 * 6 + 1, messages.size());
        assertEquals("Answer with the species name only: Adelie, Chinstrap, Gentoo.",
                messages.get(0).get("content").asText().lines().skip(1).findFirst().orElseThrow());
        assertEquals("Bill length 39.1 mm, bill depth 18.7 mm, flipper length 181 mm,\nbody mass 3750 g, seen on Torgersen. Species?",
                messages.get(1).get("content").asText());
        assertEquals("assistant", messages.get(2).get("role").asText());
        assertEquals("Adelie", messages.get(2).get("content").asText());
        assertEquals("Gentoo", messages.get(4).get("content").asText());
        assertEquals("Chinstrap", messages.get(6).get("content").asText());
        assertEquals("user", messages.get(13).get("role").asText());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            Adelie                          | Adelie
            'The species is **Gentoo**.'    | Gentoo
            chinstrap                       | Chinstrap
            """)
    void answerNamingOneLabelIsThatLabel(String answer, String label) {
        llm.enqueue(Reply.answer(answer).withUsage(60, 3));
        predict("penguins-zero-shot@default", ADELIE).statusCode(200)
                .body("system", equalTo("penguins-zero-shot@default"))
                .body("version", equalTo("1"))
                .body("predictions[0].label", equalTo(label))
                .body("predictions[0].invalid", nullValue())
                .body("predictions[0].llm.raw_answer", equalTo(answer))
                .body("predictions[0].llm.input_tokens", equalTo(60))
                .body("predictions[0].llm.output_tokens", equalTo(3))
                .body("predictions[0].llm.cost", near((60 * 0.15 + 3 * 0.60) / 1e6, 1e-12))
                .body("predictions[0].llm.cache_hit", equalTo(false))
                .body("predictions[0].llm.prompt_sha256", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            Emperor penguin
            Adelie or Gentoo, hard to say
            I cannot tell from these measurements.
            """)
    void answerNamingNoLabelOrSeveralIsInvalidAndKeepsTheRawText(String answer) {
        llm.enqueue(Reply.answer(answer));
        predict("penguins-zero-shot@default", ADELIE).statusCode(200)
                .body("predictions[0].invalid", equalTo(true))
                .body("predictions[0].label", nullValue())
                .body("predictions[0].llm.raw_answer", equalTo(answer));
    }

    @Test
    void rateLimitIsRetriedAfterTheTimeRetryAfterAsksFor() {
        llm.enqueue(Reply.status(429, "Rate limit reached").withHeader("Retry-After", "1"), Reply.answer("Gentoo"));
        long started = System.nanoTime();
        predict("penguins-zero-shot@default", ADELIE).statusCode(200)
                .body("predictions[0].label", equalTo("Gentoo"))
                .body("predictions[0].llm.retries", equalTo(1));
        assertTrue(System.nanoTime() - started >= 1_000_000_000L, "Retry-After: 1 was not waited for");
        assertEquals(2, llm.requestCount());
    }

    @Test
    void retryAfterLongerThanTheMaximumBackoffIsNotWaitedFor() {
        llm.enqueue(Reply.status(429, "Rate limit reached").withHeader("Retry-After", "60"));
        predict("penguins-zero-shot@default", ADELIE).statusCode(502)
                .body("error", containsString("LLM 'default' failed: HTTP 429"));
        assertEquals(1, llm.requestCount());
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenReported() {
        llm.enqueue(Reply.status(500, "boom"), Reply.status(503, "overloaded"), Reply.answer("Adelie"));
        predict("penguins-zero-shot@default", ADELIE).statusCode(200).body("predictions[0].llm.retries", equalTo(2));

        llm.enqueue(Reply.status(500, "boom"), Reply.status(500, "boom"), Reply.status(500, "still boom"));
        predict("penguins-zero-shot@default", ADELIE).statusCode(502)
                .body("error", containsString("LLM 'default' failed after 2 retries: HTTP 500"))
                .body("error", containsString("still boom"));
    }

    @Test
    void clientErrorIsNotRetried() {
        llm.enqueue(Reply.status(400, "max_tokens is too large"));
        predict("penguins-zero-shot@default", ADELIE).statusCode(502)
                .body("error", containsString("HTTP 400"));
        assertEquals(1, llm.requestCount());
    }

    @Test
    void slowAnswerTimesOutAndIsRetried() {
        llm.enqueue(Reply.slow(Duration.ofMillis(2500), "Adelie"), Reply.answer("Chinstrap"));
        predict("penguins-zero-shot@default", ADELIE).statusCode(200)
                .body("predictions[0].label", equalTo("Chinstrap"))
                .body("predictions[0].llm.retries", equalTo(1));

        llm.setDefault(Reply.slow(Duration.ofMillis(2500), "Adelie"));
        predict("penguins-zero-shot@default", ADELIE).statusCode(504)
                .body("error", equalTo("LLM 'default' timed out after 2 retries: no answer within 1500 ms"));
    }

    @Test
    void eachLlmAnswersAtMostItsMaxConcurrencyRequestsAtOnce() {
        String three = "{\"instances\": [" + String.join(",", java.util.Collections.nCopies(3,
                "{\"bill_length_mm\": 40.3, \"bill_depth_mm\": 18, \"flipper_length_mm\": 195, \"body_mass_g\": 3250}")) + "]}";
        llm.setDefault(Reply.slow(Duration.ofMillis(300), "Adelie"));
        predict("penguins-zero-shot@single", three).statusCode(200).body("predictions.label",
                org.hamcrest.Matchers.contains("Adelie", "Adelie", "Adelie"));
        assertEquals(1, llm.mostConcurrentRequests(), "LLM 'single' has max-concurrency 1");

        llm.reset();
        llm.setDefault(Reply.slow(Duration.ofMillis(300), "Adelie"));
        predict("penguins-zero-shot@default", three).statusCode(200);
        assertTrue(llm.mostConcurrentRequests() > 1, "the instances of one request are asked in parallel");
    }

    @Test
    void malformedAnswerIsAnUpstreamFailureNotAGuess() {
        llm.enqueue(Reply.truncated());
        predict("penguins-zero-shot@default", ADELIE).statusCode(502)
                .body("error", containsString("LLM 'default' failed: the answer is not a chat completion"));
    }

    @Test
    void unreachableLlmIsRetriedThenReported() {
        predict("penguins-zero-shot@down", ADELIE).statusCode(502)
                .body("error", containsString("LLM 'down' failed after 1 retry: connection failed"));
    }

    @Test
    void fallbackLlmAnswersWhenTheFirstHasFailed() {
        llm.enqueue(Reply.status(500, "down"), Reply.status(500, "still down"), Reply.answer("Gentoo"));
        predict("penguins-zero-shot@with-fallback", ADELIE).statusCode(200)
                .body("predictions[0].label", equalTo("Gentoo"))
                .body("predictions[0].llm.llm", equalTo("backup"))
                .body("predictions[0].llm.model", equalTo("backup-model"));
        assertEquals("backup-model", llm.lastRequest().json().get("model").asText());
    }

    @Test
    void apiKeyNeverAppearsInErrorsListingsOrMetrics() {
        llm.enqueue(Reply.status(401, "Incorrect API key provided: " + FakeLlmResource.API_KEY));
        String error = predict("penguins-zero-shot@default", ADELIE).statusCode(502).extract().asString();
        assertTrue(error.contains("Incorrect API key provided: [redacted]"), error);
        assertTrue(!error.contains(FakeLlmResource.API_KEY), error);
        get("/api/llms").then().statusCode(200)
                .body(not(containsString(FakeLlmResource.API_KEY)))
                .body("find { it.name == 'default' }.api_key_set", equalTo(true))
                .body("find { it.name == 'default' }.model", equalTo("fake-model"));
        get("/q/metrics").then().body(not(containsString(FakeLlmResource.API_KEY)));
    }

    @Test
    void llmRequestsAreCountedTimedAndTheirTokensSummed() {
        llm.enqueue(Reply.status(500, "boom"), Reply.answer("Adelie").withUsage(50, 2));
        predict("penguins-zero-shot@default", ADELIE).statusCode(200);
        get("/q/metrics").then().statusCode(200)
                .body(containsString("modelgate_llm_requests_total{llm=\"default\",model=\"fake-model\",outcome=\"success\"}"))
                .body(containsString("modelgate_llm_requests_total{llm=\"default\",model=\"fake-model\",outcome=\"server_error\"}"))
                .body(containsString("modelgate_llm_retries_total{llm=\"default\",model=\"fake-model\"}"))
                .body(containsString("modelgate_llm_tokens_total{direction=\"input\",llm=\"default\",model=\"fake-model\"}"))
                .body(containsString("modelgate_llm_request_seconds_bucket{llm=\"default\",model=\"fake-model\",outcome=\"success\",le="));
    }

    @Test
    void promptSystemsAreListedForEveryLlm() throws java.io.IOException {
        get("/api/systems/penguins-few-shot@default").then().statusCode(200)
                .body("sha256", equalTo(io.modelgate.data.Sha256.of(java.nio.file.Path.of("prompts/penguins-few-shot.yaml"))));
        get("/api/systems").then().statusCode(200)
                .body("name", hasItems("penguins-zero-shot@default", "penguins-few-shot@default", "penguins-zero-shot@backup"))
                .body("find { it.name == 'penguins-zero-shot@default' }.kind", equalTo("prompt"))
                .body("find { it.name == 'penguins-zero-shot@default' }.task", equalTo("penguins"))
                .body("find { it.name == 'penguins-zero-shot@default' }.ready", equalTo(true));
        get("/api/llms").then().statusCode(200).body("name", hasItems("default", "backup", "with-fallback", "down"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing field  | {"instances": [{"bill_length_mm": 40.3, "bill_depth_mm": 18, "flipper_length_mm": 195}]} | instances[0]: missing field 'body_mass_g' (a number)
            wrong type     | {"instances": [{"bill_length_mm": "long", "bill_depth_mm": 18, "flipper_length_mm": 195, "body_mass_g": 3250}]} | instances[0].bill_length_mm: expected a finite number (mm), got "long"
            unknown field  | {"instances": [{"beak": 1}]} | instances[0]: unknown field 'beak' for task 'penguins'; expected fields: [island, bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, sex]
            no instances   | {} | field 'instances' is required: a non-empty list of objects with the task's input fields
            """)
    void badInstancesAreRefusedBeforeAnyLlmIsAsked(String what, String body, String error) {
        predict("penguins-zero-shot@default", body).statusCode(400).body("error", equalTo(error));
        assertEquals(0, llm.requestCount());
    }

    @Test
    void promptSystemIsAModelOfTheV2Protocol() {
        get("/v2/models").then().statusCode(200)
                .body("models.find { it.name == 'penguins-zero-shot@default' }.state", equalTo("READY"))
                .body("models.find { it.name == 'penguins-zero-shot@down' }.state", equalTo("READY"));
        get("/v2/models/penguins-zero-shot@default").then().statusCode(200)
                .body("platform", equalTo("llm-prompt"))
                .body("inputs[0].name", equalTo("instances"))
                .body("inputs[0].datatype", equalTo("BYTES"))
                .body("outputs.name", org.hamcrest.Matchers.contains("label", "invalid"))
                .body("parameters.task", equalTo("penguins"));
        get("/v2/models/penguins-zero-shot@default/ready").then().statusCode(200);
        get("/v2/models/penguins-zero-shot@default/versions/7").then().statusCode(404);

        llm.enqueue(Reply.answer("Gentoo"), Reply.answer("no idea"));
        String row = "{\\\"bill_length_mm\\\": 49.6, \\\"bill_depth_mm\\\": 15, \\\"flipper_length_mm\\\": 216, \\\"body_mass_g\\\": 4750}";
        var answer = given().contentType(ContentType.JSON).body("{\"id\": \"r1\", \"inputs\": [{\"name\": \"instances\", \"shape\": [2],"
                        + " \"datatype\": \"BYTES\", \"data\": [\"" + row + "\", \"" + row + "\"]}]}")
                .post("/v2/models/penguins-zero-shot@default/infer").then().statusCode(200)
                .body("id", equalTo("r1"))
                .body("model_version", equalTo("1"))
                .body("outputs[0].name", equalTo("label"))
                // The two rows are asked in parallel, so which got which answer is not fixed; that the
                // invalid one has no label is.
                .body("outputs[0].data", org.hamcrest.Matchers.containsInAnyOrder("Gentoo", ""))
                .body("outputs[1].name", equalTo("invalid"))
                .body("outputs[1].data", org.hamcrest.Matchers.containsInAnyOrder(false, true))
                .extract().jsonPath();
        int unlabelled = answer.getList("outputs[0].data").indexOf("");
        assertEquals(true, answer.getList("outputs[1].data").get(unlabelled));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            wrong input name | {"inputs": [{"name": "x", "shape": [1], "datatype": "BYTES", "data": ["{}"]}]} | model 'penguins-zero-shot@default' takes exactly one input, 'instances': BYTES, one JSON object of the task's fields per row
            not BYTES        | {"inputs": [{"name": "instances", "shape": [1], "datatype": "FP32", "data": [1]}]} | input 'instances' for model 'penguins-zero-shot@default' must be BYTES of shape [rows], got FP32[1]
            row not JSON     | {"inputs": [{"name": "instances", "shape": [1], "datatype": "BYTES", "data": ["bill 40"]}]} | element 0 of input 'instances' for model 'penguins-zero-shot@default' is not valid JSON
            row not object   | {"inputs": [{"name": "instances", "shape": [1], "datatype": "BYTES", "data": ["[1, 2]"]}]} | element 0 of input 'instances' for model 'penguins-zero-shot@default' is not a JSON object of the task's fields
            row missing field| {"inputs": [{"name": "instances", "shape": [1], "datatype": "BYTES", "data": ["{}"]}]} | instances[0]: missing field 'bill_length_mm' (a number)
            """)
    void badV2RequestsForAPromptSystemAreRefused(String what, String body, String error) {
        given().contentType(ContentType.JSON).body(body).post("/v2/models/penguins-zero-shot@default/infer").then()
                .statusCode(400).body("error", startsWith(error));
        assertEquals(0, llm.requestCount());
    }

    @Test
    void tooManyInstancesAreRefusedBeforeAnyLlmIsAsked() {
        String many = "{\"instances\": [" + String.join(",", java.util.Collections.nCopies(101,
                "{\"bill_length_mm\": 40.3, \"bill_depth_mm\": 18, \"flipper_length_mm\": 195, \"body_mass_g\": 3250}")) + "]}";
        predict("penguins-zero-shot@default", many).statusCode(400)
                .body("error", equalTo("at most 100 instances per request for system 'penguins-zero-shot@default'"
                        + " (modelgate.prompts.max-instances), got 101"));
        assertEquals(0, llm.requestCount());
    }

    @Test
    void numbersAreWrittenAsPeopleWriteThem() {
        predict("penguins-zero-shot@default", "{\"instances\": [{\"bill_length_mm\": 0.0001, \"bill_depth_mm\": 18.50,"
                + " \"flipper_length_mm\": 195, \"body_mass_g\": 3250}]}").statusCode(200);
        assertTrue(llm.lastRequest().json().at("/messages/1/content").asText()
                .contains("bill length 0.0001 mm, bill depth 18.5 mm, flipper length 195 mm"), llm.lastRequest().body());
    }

    @Test
    void weatherPromptAsksForANumberAndReadsItWithinTheTasksRange() {
        String today = "{\"instances\": [" + WEATHER_DAY + "]}";
        llm.enqueue(Reply.answer("About 6.5 hours."), Reply.answer("30 hours"));
        predict("weather-zero-shot@default", today).statusCode(200)
                .body("predictions[0].value", near(6.5, 1e-9))
                .body("predictions[0].invalid", nullValue());
        assertTrue(llm.lastRequest().json().at("/messages/1/content").asText().startsWith(
                "Today in Basel: mean temperature 2.9 °C (minimum 1.6 °C, maximum 3.9 °C),"), llm.lastRequest().body());
        predict("weather-zero-shot@default", today).statusCode(200).body("predictions[0].invalid", equalTo(true));
        predict("weather-few-shot@default", today).statusCode(200);
        assertEquals(1 + 2 * 4 + 1, llm.lastRequest().json().get("messages").size());
    }

    /** 2000-01-01 of the light weather data set: every field of the weather task. */
    private static final String WEATHER_DAY = weatherDay();

    private static String weatherDay() {
        try (var lines = java.nio.file.Files.lines(io.modelgate.TestFolders.dataDir()
                .resolve("weather/weather_prediction_dataset_light.csv"))) {
            List<String> rows = lines.limit(2).toList();
            String[] names = rows.get(0).split(",");
            String[] values = rows.get(1).split(",");
            StringBuilder json = new StringBuilder("{");
            for (int i = 2; i < names.length; i++) {
                json.append(i > 2 ? ", " : "").append('"').append(names[i]).append("\": ").append(values[i]);
            }
            return json.append('}').toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void unknownPromptOrLlmIs404() {
        predict("no-such-prompt@default", ADELIE).statusCode(404);
        predict("penguins-zero-shot@nope", ADELIE).statusCode(404);
        assertEquals(0, llm.requestCount());
    }
}
