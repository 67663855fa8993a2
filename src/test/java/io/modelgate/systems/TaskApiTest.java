package io.modelgate.systems;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.get;
import static io.modelgate.TestSupport.near;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class TaskApiTest {

    private static final String ADELIE = "{\"bill_length_mm\": 40.3, \"bill_depth_mm\": 18, \"flipper_length_mm\": 195,"
            + " \"body_mass_g\": 3250, \"island\": \"Torgersen\", \"sex\": \"female\"}";

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    private static ValidatableResponse predict(String system, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/systems/" + system + "/predict").then();
    }

    @Test
    void penguinGetsItsSpeciesWithProbabilities() {
        predict("penguins-mlp", "{\"instances\": [" + ADELIE + "]}").statusCode(200)
                .body("system", equalTo("penguins-mlp"))
                .body("version", equalTo("1"))
                .body("predictions[0].label", equalTo("Adelie"))
                .body("predictions[0].scores.keySet()", contains("Adelie", "Chinstrap", "Gentoo"))
                .body("predictions[0].scores.Adelie", near(0.99, 0.01))
                .body("predictions[0].scores.values().sum()", near(1.0, 1e-6));
    }

    @Test
    void wholeTestSplitThroughTheTaskApiMatchesTheModelCard() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("tasks/penguins/penguins-test.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        StringBuilder instances = new StringBuilder();
        List<String> truth = new java.util.ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] row = line.split(",", -1);
            truth.add(row[header.indexOf("species")]);
            instances.append(instances.length() > 0 ? "," : "").append('{');
            instances.append("\"island\": \"").append(row[header.indexOf("island")]).append('"');
            for (String field : List.of("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g")) {
                instances.append(", \"").append(field).append("\": ").append(row[header.indexOf(field)]);
            }
            String sex = row[header.indexOf("sex")];
            instances.append(", \"sex\": ").append(sex.isEmpty() ? "null" : "\"" + sex + "\"").append('}');
        }
        List<String> labels = predict("penguins-mlp", "{\"instances\": [" + instances + "]}").statusCode(200)
                .extract().jsonPath().getList("predictions.label", String.class);
        long correct = java.util.stream.IntStream.range(0, truth.size()).filter(i -> truth.get(i).equals(labels.get(i))).count();
        assertEquals(68, correct, "MODEL_CARD.md reports 68 of 69 test penguins right (accuracy 0.9855)");
    }

    @Test
    void featuresAreEncodedInTheOrderAndWayModelYamlSays() {
        // value = one-hot(island) . [1, 10, 100] + 1000 * ordinal(sex) + 10000 * bill_length_mm
        predict("tabular-regression", "{\"instances\": ["
                + "{\"island\": \"Dream\", \"sex\": \"male\", \"bill_length_mm\": 2, \"bill_depth_mm\": 18, \"flipper_length_mm\": 195, \"body_mass_g\": 3250},"
                + "{\"island\": \"Torgersen\", \"sex\": \"female\", \"bill_length_mm\": 0.5, \"bill_depth_mm\": 18,"
                + " \"flipper_length_mm\": 195, \"body_mass_g\": 4000}]}")
                .statusCode(200)
                .body("predictions[0].value", near(21010.0, 1e-3))
                .body("predictions[1].value", near(5100.0, 1e-3))
                .body("predictions[0].label", equalTo(null));
    }

    @Test
    void probabilitiesOutputIsTakenAsItIs() {
        predict("tabular-classifier", "{\"instances\": [{\"a\": 0, \"b\": 1}]}").statusCode(200)
                .body("predictions[0].label", equalTo("second"))
                .body("predictions[0].scores.second", near(Math.E / (1 + Math.E), 1e-6));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing field       | {"instances": [{"bill_length_mm": 40.3, "bill_depth_mm": 18, "flipper_length_mm": 195}]} | instances[0]: missing field 'body_mass_g' (a number)
            null field          | {"instances": [{"bill_length_mm": 40.3, "bill_depth_mm": 18, "flipper_length_mm": 195, "body_mass_g": null}]} | instances[0]: missing field 'body_mass_g' (a number)
            extra field         | {"instances": [{"bill_length_mm": 40.3, "bill_depth_mm": 18, "flipper_length_mm": 195, "body_mass_g": 3250, "beak_colour": "red"}]} | instances[0]: unknown field 'beak_colour' for task 'penguins'; expected fields: [island, bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, sex]
            string for number   | {"instances": [{"bill_length_mm": "40.3", "bill_depth_mm": 18, "flipper_length_mm": 195, "body_mass_g": 3250}]} | instances[0].bill_length_mm: expected a finite number (mm), got "40.3"
            NaN for number      | {"instances": [{"bill_length_mm": NaN, "bill_depth_mm": 18, "flipper_length_mm": 195, "body_mass_g": 3250}]} | instances[0].bill_length_mm: expected a finite number (mm), got NaN
            unknown category    | {"instances": [{"island": "Atlantis", "bill_length_mm": 40.3, "bill_depth_mm": 18, "flipper_length_mm": 195, "body_mass_g": 3250}]} | instances[0].island: expected one of [Biscoe, Dream, Torgersen], got "Atlantis"
            second instance bad | {"instances": [{"bill_length_mm": 40.3, "bill_depth_mm": 18, "flipper_length_mm": 195, "body_mass_g": 3250}, {"bill_length_mm": 40.3, "bill_depth_mm": 18, "flipper_length_mm": 195, "body_mass_g": true}]} | instances[1].body_mass_g: expected a finite number (g), got true
            instance not object | {"instances": [[40.3, 18, 195, 3250]]} | instances[0] must be an object of named fields, got array
            empty instances     | {"instances": []} | field 'instances' is required: a non-empty list of objects with the task's input fields
            no instances        | {"inputs": []} | field 'instances' is required: a non-empty list of objects with the task's input fields
            extra top field     | {"instances": [{"bill_length_mm": 40.3, "bill_depth_mm": 18, "flipper_length_mm": 195, "body_mass_g": 3250}], "parameters": {}} | unknown field 'parameters' in the request; expected only 'instances'
            body not object     | [1, 2] | the body must be a JSON object {"instances": [{field: value, …}, …]}
            """)
    void badInstancesAreRefusedNamingTheField(String what, String body, String error) {
        predict("penguins-mlp", body).statusCode(400).body("error", equalTo(error));
    }

    @Test
    void categoryOfAModelFeatureMustBeKnown() {
        predict("tabular-regression", "{\"instances\": [{\"island\": \"Dream\", \"sex\": \"unknown\", \"bill_length_mm\": 2, \"bill_depth_mm\": 18, \"flipper_length_mm\": 195, \"body_mass_g\": 3250}]}")
                .statusCode(400).body("error", equalTo("instances[0].sex: expected one of [female, male], got \"unknown\""));
    }

    @Test
    void systemWithoutATaskKnowsOnlyItsOwnFeatures() {
        predict("tabular-classifier", "{\"instances\": [{\"a\": 0, \"b\": 1, \"c\": 2}]}").statusCode(400)
                .body("error", equalTo("instances[0]: unknown field 'c' for model 'tabular-classifier'; expected fields: [a, b]"));
    }

    @Test
    void tooManyInstancesAreRefused() {
        String instance = "{\"island\": \"Dream\", \"sex\": \"male\", \"bill_length_mm\": 2, \"bill_depth_mm\": 18, \"flipper_length_mm\": 195, \"body_mass_g\": 3250}";
        predict("tabular-regression", "{\"instances\": [" + String.join(",", java.util.Collections.nCopies(9, instance)) + "]}")
                .statusCode(400).body("error", equalTo("at most 8 instances per request for model 'tabular-regression', got 9"));
    }

    @Test
    void modelWithoutFeaturesPointsToTheTensorApi() {
        predict("versioned", "{\"instances\": [{\"x\": 1}]}").statusCode(400)
                .body("error", containsString("send tensors to POST /v2/models/versioned/infer"));
    }

    @Test
    void unknownAndUnreadySystems() {
        predict("nope", "{\"instances\": [{}]}").statusCode(404)
                .body("error", equalTo("unknown system 'nope'; GET /api/systems lists them"));
        predict("broken", "{\"instances\": [{}]}").statusCode(503).body("error", containsString("model 'broken' has no ready version"));
    }

    @Test
    void systemsAreListedWithKindTaskAndReadiness() throws IOException {
        get("/api/systems").then().statusCode(200)
                .body("name", hasItems("penguins-mlp", "tabular-regression", "broken"))
                .body("find { it.name == 'penguins-mlp' }.kind", equalTo("onnx"))
                .body("find { it.name == 'penguins-mlp' }.task", equalTo("penguins"))
                .body("find { it.name == 'penguins-mlp' }.ready", equalTo(true))
                .body("find { it.name == 'broken' }.ready", equalTo(false))
                .body("find { it.name == 'broken' }.reason", containsString("ONNX Runtime cannot load"));
        get("/api/systems/versioned").then().statusCode(200).body("version", equalTo("2")).body("versions", contains("2", "1"));
        get("/api/systems/penguins-mlp").then().statusCode(200)
                .body("sha256", equalTo(io.modelgate.data.Sha256.of(Path.of("models/penguins-mlp/model.onnx"))));
        get("/api/systems/nope").then().statusCode(404);
    }

    @Test
    void tasksAreListedWithTheirCheckedTestSets() {
        get("/api/tasks").then().statusCode(200).body("name", hasItems("penguins"));
        Map<String, Object> testSet = get("/api/tasks/penguins").then().statusCode(200)
                .body("type", equalTo("classification"))
                .body("labels", contains("Adelie", "Chinstrap", "Gentoo"))
                .body("inputs.name", contains("island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex"))
                .body("primary_metric", equalTo("accuracy"))
                .extract().jsonPath().getMap("test_sets[0]");
        assertEquals("penguins-test", testSet.get("name"));
        assertEquals(true, testSet.get("verified"));
        get("/api/tasks/nope").then().statusCode(404).body("error", containsString("unknown task 'nope'"));
    }
}
