package io.modelgate;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * Every JSON API refuses what a lenient parser would settle silently: a key given twice (the last one winning),
 * content after the end of the document (ignored), and NaN or Infinity where a number must be finite.
 */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class StrictJsonApiTest {

    private static final String MEASUREMENTS = "{\"name\": \"measurements\", \"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [40.3, 18, 195, 3250]}";
    private static final String PENGUIN = "{\"bill_length_mm\": 39.1, \"bill_depth_mm\": 18.7, \"flipper_length_mm\": 181, \"body_mass_g\": 3750}";

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            duplicate top-level key    | {"inputs": [MEASUREMENTS], "inputs": [MEASUREMENTS]}                          | Duplicate field 'inputs'
            duplicate key in an input  | {"inputs": [{"name": "measurements", "name": "x", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]} | Duplicate field 'name'
            duplicate key in parameters| {"parameters": {"a": 1, "a": 2}, "inputs": [MEASUREMENTS]}                    | Duplicate field 'a'
            a second document          | {"inputs": [MEASUREMENTS]} {"inputs": [MEASUREMENTS]}                        | content after the end of the JSON document
            text after the document    | {"inputs": [MEASUREMENTS]} trailing                                          | invalid JSON body
            """)
    void v2InferRefusesAmbiguousJson(String what, String body, String error) {
        given().contentType(ContentType.JSON).body(body.replace("MEASUREMENTS", MEASUREMENTS))
                .post("/v2/models/penguins-mlp/infer").then().statusCode(400).body("error", containsString(error));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            duplicate key in an instance | {"instances": [{"bill_length_mm": 1, "bill_length_mm": 39.1, "bill_depth_mm": 18.7, "flipper_length_mm": 181, "body_mass_g": 3750}]} | Duplicate field 'bill_length_mm'
            duplicate top-level key      | {"instances": [PENGUIN], "instances": [PENGUIN]}                   | Duplicate field 'instances'
            a second document            | {"instances": [PENGUIN]} {"instances": [PENGUIN]}                  | content after the end of the JSON document
            """)
    void taskPredictRefusesAmbiguousJson(String what, String body, String error) {
        given().contentType(ContentType.JSON).body(body.replace("PENGUIN", PENGUIN))
                .post("/api/systems/penguins-mlp/predict").then().statusCode(400).body("error", containsString(error));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            duplicate key            | {"task": "penguins", "system": "penguins-mlp", "system": "penguins-zero-shot@default"} | Duplicate field 'system'
            a second document        | {"task": "penguins", "system": "penguins-mlp"} {"task": "penguins"}                  | content after the end of the JSON document
            max_cost Infinity        | {"task": "penguins", "system": "penguins-mlp", "max_cost": Infinity}                 | 'max_cost' is US dollars and must be a finite number more than 0, got Infinity
            example_timeout_s NaN    | {"task": "penguins", "system": "penguins-mlp", "example_timeout_s": NaN}             | 'example_timeout_s' must be a finite number of seconds more than 0, got NaN
            example_timeout_s Infinity | {"task": "penguins", "system": "penguins-mlp", "example_timeout_s": Infinity}      | 'example_timeout_s' must be a finite number of seconds more than 0, got Infinity
            """)
    void runStartRefusesAmbiguousJsonAndNonFiniteLimits(String what, String body, String error) {
        given().contentType(ContentType.JSON).body(body).post("/api/runs").then().statusCode(400)
                .body("error", containsString(error));
    }
}
