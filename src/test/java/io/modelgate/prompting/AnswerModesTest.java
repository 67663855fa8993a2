package io.modelgate.prompting;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.modelgate.tasks.TaskRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The answer modes of prompt templates, over real HTTP against the fake OpenAI server. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class AnswerModesTest {

    private static final String GENTOO = "{\"instances\": [{\"bill_length_mm\": 49.6, \"bill_depth_mm\": 15,"
            + " \"flipper_length_mm\": 216, \"body_mass_g\": 4750}]}";

    @Inject
    TaskRepository tasks;

    private FakeOpenAiServer llm;

    @BeforeEach
    void reset() {
        TestSupport.awaitReady();
        llm = FakeLlmResource.server();
        llm.reset();
    }

    /** Numbers read as doubles, so that probabilities compare to 1e-9. */
    private static final RestAssuredConfig DOUBLES = RestAssuredConfig.config().jsonConfig(
            JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

    private static ValidatableResponse predict(String system, String body) {
        return given().config(DOUBLES).contentType(ContentType.JSON).body(body).post("/api/systems/" + system + "/predict")
                .then();
    }

    @Test
    void jsonSchemaSendsTheLabelsAsAnEnumAndReadsTheJsonAnswer() {
        llm.enqueue(Reply.answer("Gentoo"));
        predict("penguins-json-schema@default", GENTOO).statusCode(200)
                .body("predictions[0].label", equalTo("Gentoo"))
                .body("predictions[0].llm.raw_answer", equalTo("{\"label\":\"Gentoo\"}"))
                .body("predictions[0].llm.mode", equalTo("json_schema"));
        JsonNode format = llm.lastRequest().json().get("response_format");
        assertEquals("json_schema", format.get("type").asText());
        JsonNode schema = format.at("/json_schema/schema");
        assertEquals("[\"Adelie\",\"Chinstrap\",\"Gentoo\"]", schema.at("/properties/label/enum").toString());
        assertEquals("[\"label\"]", schema.get("required").toString());
        assertFalse(schema.get("additionalProperties").asBoolean());
        assertTrue(format.at("/json_schema/strict").asBoolean());
    }

    @Test
    void jsonSchemaForARegressionTaskIsANumberWithinTheTasksRange() {
        llm.enqueue(Reply.answer("6.5"));
        String day = "{\"instances\": [" + tasks.examples("weather", "weather-test").get(0).instance() + "]}";
        predict("weather-json-schema@default", day).statusCode(200).body("predictions[0].value", closeTo(6.5, 1e-9));
        JsonNode property = llm.lastRequest().json().at("/response_format/json_schema/schema/properties/value");
        assertEquals("number", property.get("type").asText());
        assertTrue(property.has("minimum") && property.has("maximum"), property.toString());
    }

    @Test
    void aServerThatRefusesTheSchemaIsAClearFailureNamingPromptAndLlm() {
        llm.enqueue(Reply.status(400, "response_format json_schema is not supported by this model"));
        predict("penguins-json-schema@default", GENTOO).statusCode(502)
                .body("error", containsString("LLM 'default' refused the json_schema response format of prompt"
                        + " 'penguins-json-schema'"));
    }

    @Test
    void logprobsScoreEachLabelByItsFirstTokenAndReportTheMassOnNoLabel() {
        Map<String, Double> top = new LinkedHashMap<>();
        top.put("Gen", Math.log(0.6));
        top.put("Ade", Math.log(0.25));
        top.put("Chi", Math.log(0.05));
        top.put("The", Math.log(0.1));
        llm.enqueue(Reply.answer("Gentoo").withTopLogprobs(top));
        predict("penguins-logprobs@default", GENTOO).statusCode(200)
                .body("predictions[0].label", equalTo("Gentoo"))
                .body("predictions[0].scores.Gentoo", closeTo(0.6 / 0.9, 1e-9))
                .body("predictions[0].scores.Adelie", closeTo(0.25 / 0.9, 1e-9))
                .body("predictions[0].scores.Chinstrap", closeTo(0.05 / 0.9, 1e-9))
                .body("predictions[0].invalid", nullValue())
                .body("predictions[0].llm.mode", equalTo("logprobs"))
                .body("predictions[0].llm.no_label_mass", closeTo(0.1, 1e-9));
        JsonNode sent = llm.lastRequest().json();
        assertTrue(sent.get("logprobs").asBoolean());
        assertEquals(10, sent.get("top_logprobs").asInt());
    }

    @Test
    void anLlmThatGivesNoLogprobsIsAFailureNeverAChanceScore() {
        llm.enqueue(Reply.answer("Gentoo").ignoringLogprobs());
        predict("penguins-logprobs@default", GENTOO).statusCode(502)
                .body("error", containsString("gave no top log-probabilities for prompt 'penguins-logprobs'"));
    }

    @Test
    void selfConsistencyAsksForNSamplesAndVotes() {
        llm.enqueue(Reply.choices("Adelie", "Gentoo", "Gentoo", "no idea", "Gentoo"));
        predict("penguins-self-consistency@default", GENTOO).statusCode(200)
                .body("predictions[0].label", equalTo("Gentoo"))
                .body("predictions[0].scores.Gentoo", closeTo(0.75, 1e-9))
                .body("predictions[0].scores.Adelie", closeTo(0.25, 1e-9))
                .body("predictions[0].scores.Chinstrap", closeTo(0.0, 1e-9))
                .body("predictions[0].llm.mode", equalTo("self-consistency"))
                .body("predictions[0].llm.samples", equalTo(5))
                .body("predictions[0].llm.agreement", closeTo(0.75, 1e-9))
                .body("predictions[0].llm.raw_answer", equalTo("Adelie | Gentoo | Gentoo | no idea | Gentoo"));
        assertEquals(1, llm.requestCount());
        JsonNode sent = llm.lastRequest().json();
        assertEquals(5, sent.get("n").asInt());
        assertEquals(0.7, sent.get("temperature").asDouble(), 1e-9);
    }

    @Test
    void aServerThatIgnoresNIsAskedAgainForTheRest() {
        for (String answer : new String[]{"Adelie", "Adelie", "Gentoo", "Adelie", "Chinstrap"}) {
            llm.enqueue(Reply.answer(answer).ignoringN());
        }
        predict("penguins-self-consistency@default", GENTOO).statusCode(200)
                .body("predictions[0].label", equalTo("Adelie"))
                .body("predictions[0].scores.Adelie", closeTo(0.6, 1e-9));
        assertEquals(5, llm.requestCount());
        assertEquals(5, llm.requests().get(0).json().get("n").asInt());
        assertEquals(1, llm.requests().get(4).json().get("n").asInt());
    }

    @Test
    void selfConsistencyOnARegressionTaskGivesTheMeanOfTheValidSamples() {
        llm.enqueue(Reply.choices("4", "5", "sunny", "6", "5"));
        String day = "{\"instances\": [" + tasks.examples("weather", "weather-test").get(0).instance() + "]}";
        predict("weather-self-consistency@default", day).statusCode(200).body("predictions[0].value", closeTo(5.0, 1e-9));
    }

    @Test
    void everyModeAnswersThroughTheV2ProtocolToo() {
        String row = "{\\\"bill_length_mm\\\": 49.6, \\\"bill_depth_mm\\\": 15, \\\"flipper_length_mm\\\": 216, \\\"body_mass_g\\\": 4750}";
        String body = "{\"inputs\": [{\"name\": \"instances\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"" + row + "\"]}]}";
        llm.enqueue(Reply.answer("Gentoo"), Reply.answer("Gentoo").withTopLogprobs(Map.of("Gen", Math.log(0.9))),
                Reply.choices("Gentoo", "Gentoo", "Adelie", "Gentoo", "Gentoo"));
        for (String system : new String[]{"penguins-json-schema@default", "penguins-logprobs@default",
                "penguins-self-consistency@default"}) {
            given().contentType(ContentType.JSON).body(body).post("/v2/models/" + system + "/infer").then()
                    .statusCode(200)
                    .body("outputs[0].name", equalTo("label"))
                    .body("outputs[0].data[0]", equalTo("Gentoo"))
                    .body("outputs[1].data[0]", equalTo(false));
        }
        assertEquals(3, llm.requestCount());
    }
}
