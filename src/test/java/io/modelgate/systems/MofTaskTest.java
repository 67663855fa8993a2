package io.modelgate.systems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.config.Yaml;
import io.modelgate.prompting.FakeOpenAiServer;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.modelgate.tasks.Example;
import io.modelgate.tasks.TaskRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed paper's pairing (Zheng et al. 2023): MOF syntheses read from the mirror-only CSV by the committed
 * row-id lists, the random forest answering through the task API, V2 and the runner, and the zero-shot prompt.
 */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class MofTaskTest {

    /** models/mof-random-forest/MODEL_CARD.md: test accuracy 0.8824, 135 of the 153 test syntheses. */
    private static final int TEST_CORRECT = 135;

    @Inject
    TaskRepository tasks;

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
        FakeLlmResource.server().reset();
    }

    private ObjectNode testSynthesis(String id) {
        return tasks.examples("mof", "mof-test").stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow()
                .instance().deepCopy();
    }

    private static String body(ObjectNode instance) {
        return "{\"instances\": [" + instance + "]}";
    }

    @Test
    void theSplitsAreReadByRowIdWithTheirChecksumsAndKeepTheClassBalance() {
        List<Example> test = tasks.examples("mof", "mof-test");
        assertEquals(153, test.size());
        assertEquals(105, test.stream().filter(e -> e.target().asText().equals("crystals")).count());
        assertEquals(48, test.stream().filter(e -> e.target().asText().equals("no crystals")).count());
        assertEquals(153, tasks.examples("mof", "mof-validation").size());
        assertEquals(458, tasks.examples("mof", "mof-train").size());
        // mof-1 is the first row of the CSV: a Cu salt at 25 °C for 24 h, method code 2, no crystals.
        Example first = tasks.examples("mof", "mof-train").stream().filter(e -> e.id().equals("mof-1")).findFirst()
                .orElseGet(() -> tasks.examples("mof", "mof-validation").stream().filter(e -> e.id().equals("mof-1"))
                        .findFirst().orElseGet(() -> tasks.examples("mof", "mof-test").stream()
                                .filter(e -> e.id().equals("mof-1")).findFirst().orElseThrow()));
        assertEquals("no crystals", first.target().asText());
        assertEquals(25.0, first.instance().get("temperature").asDouble());
        assertEquals("2", first.instance().get("synthesis_method").asText());
        get("/api/tasks/mof").then().statusCode(200)
                .body("labels", equalTo(List.of("crystals", "no crystals")))
                .body("test_sets[0].name", equalTo("mof-test"))
                .body("test_sets[0].verified", equalTo(true))
                .body("training_sets.name", equalTo(List.of("mof-train", "mof-validation")));
    }

    @Test
    void aTestSynthesisGetsTheSameProbabilitiesThroughTheTaskApiAndV2() throws IOException {
        ObjectNode synthesis = testSynthesis(tasks.examples("mof", "mof-test").get(0).id());
        JsonPath task = given().contentType(ContentType.JSON).body(body(synthesis))
                .post("/api/systems/mof-random-forest/predict").then().statusCode(200).extract().jsonPath();

        List<Float> row = new ArrayList<>();
        for (JsonNode feature : Yaml.MAPPER.readTree(Path.of("models/mof-random-forest/model.yaml").toFile())
                .get("inputs").get(0).get("features")) {
            String name = feature.isTextual() ? feature.asText() : feature.get("name").asText();
            JsonNode value = synthesis.get(name);
            row.add(value.isTextual() ? Float.parseFloat(value.asText()) : (float) value.asDouble());
        }
        String v2 = "{\"inputs\": [{\"name\": \"features\", \"shape\": [1, " + row.size() + "], \"datatype\": \"FP32\", \"data\": "
                + row + "}]}";
        List<Float> probabilities = given().contentType(ContentType.JSON).body(v2).post("/v2/models/mof-random-forest/infer")
                .then().statusCode(200).body("outputs[0].name", equalTo("probabilities"))
                .body("outputs[0].shape", equalTo(List.of(1, 2)))
                .extract().jsonPath().getList("outputs[0].data", Float.class);
        assertEquals(probabilities.get(0), task.getDouble("predictions[0].scores.crystals"), 1e-6);
        assertEquals(probabilities.get(1), task.getDouble("predictions[0].scores['no crystals']"), 1e-6);
        assertEquals(1.0, probabilities.get(0) + probabilities.get(1), 1e-5);
        assertEquals(probabilities.get(0) >= probabilities.get(1) ? "crystals" : "no crystals",
                task.getString("predictions[0].label"));
    }

    @Test
    void theRunnerGivesTheModelCardsTestAccuracy() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"task\": \"mof\", \"system\": \"mof-random-forest\", \"start_over\": true}")
                .post("/api/runs").then().statusCode(202).extract().path("id");
        JsonPath run = TestSupport.awaitRunComplete(id);
        assertEquals(153, run.getInt("run.n"));
        // JSON numbers come back as floats here; one synthesis more or less is 0.0065.
        assertEquals((double) TEST_CORRECT / 153, run.getDouble("run.metrics.accuracy.value"), 1e-6);
        assertTrue(run.getString("run.test_set").startsWith("mof-test@"), run.getString("run.test_set"));
    }

    @Test
    void wordsAndMissingFieldsAreRefusedNamingTheField() {
        String first = tasks.examples("mof", "mof-test").get(0).id();
        ObjectNode words = testSynthesis(first);
        words.put("temperature", "hot");
        given().contentType(ContentType.JSON).body(body(words)).post("/api/systems/mof-random-forest/predict").then()
                .statusCode(400).body("error", equalTo("instances[0].temperature: expected a finite number (°C), got \"hot\""));
        ObjectNode method = testSynthesis(first);
        method.put("synthesis_method", "solvothermal");
        given().contentType(ContentType.JSON).body(body(method)).post("/api/systems/mof-random-forest/predict").then()
                .statusCode(400).body("error", equalTo("instances[0].synthesis_method: expected one of [0, 1, 2, 3], got \"solvothermal\""));
        ObjectNode missing = testSynthesis(first);
        missing.remove("linker_MW");
        given().contentType(ContentType.JSON).body(body(missing)).post("/api/systems/mof-random-forest/predict").then()
                .statusCode(400).body("error", equalTo("instances[0]: missing field 'linker_MW' (a number)"));
        given().get("/v2/models/mof-random-forest/ready").then().statusCode(200);
    }

    @Test
    void theZeroShotPromptStatesTheConditionsInWords() {
        FakeOpenAiServer llm = FakeLlmResource.server();
        llm.setDefault(Reply.answer("No crystals."));
        ObjectNode synthesis = testSynthesis(tasks.examples("mof", "mof-test").get(0).id());
        synthesis.put("temperature", 120);
        synthesis.put("time", 48);
        synthesis.put("synthesis_method", "1");
        synthesis.put("linker_MW", 166.0266);
        synthesis.put("modulator_metal_ratio", 0);
        given().contentType(ContentType.JSON).body(body(synthesis)).post("/api/systems/mof-zero-shot@default/predict")
                .then().statusCode(200).body("predictions[0].label", equalTo("no crystals"));
        String asked = llm.lastRequest().json().get("messages").get(1).get("content").asText();
        assertTrue(asked.startsWith("A metal-organic framework synthesis ran at 120 °C for 48 h (synthesis method: code 1 of 0–3"), asked);
        assertTrue(asked.contains("Linker: molar mass 166.0266 g/mol with "), asked);
        assertTrue(asked.contains("Modulator: none."), asked);
        assertTrue(asked.endsWith("Do single crystals form? Answer with \"crystals\" or \"no crystals\" only."), asked);

        synthesis.put("modulator_metal_ratio", 12.5);
        synthesis.put("modulator_MW", 80.09);
        given().contentType(ContentType.JSON).body(body(synthesis)).post("/api/systems/mof-zero-shot@default/predict")
                .then().statusCode(200);
        asked = llm.lastRequest().json().get("messages").get(1).get("content").asText();
        assertTrue(asked.contains("Modulator: mean molar mass 80.09 g/mol, 12.5 mol per mol of metal; by mole fraction "), asked);
    }
}
