package io.modelgate.kserve;

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

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class KServeV2InferenceTest {

    private static final List<String> LABELS = List.of("Adelie", "Chinstrap", "Gentoo");

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    private static ValidatableResponse infer(String model, String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/v2/models/" + model + "/infer").then();
    }

    private static String measurements(String shape, String datatype, String data) {
        return "{\"inputs\": [{\"name\": \"measurements\", \"shape\": " + shape + ", \"datatype\": \"" + datatype
                + "\", \"data\": " + data + "}]}";
    }

    @Test
    void penguinFromTheTestSplitIsClassifiedAsItsSpecies() {
        // penguins-3 of the test split: an Adelie.
        infer("penguins-mlp", "{\"id\": \"req-42\", \"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4],"
                + " \"datatype\": \"FP32\", \"data\": [40.3, 18, 195, 3250]}]}")
                .statusCode(200)
                .body("model_name", equalTo("penguins-mlp"))
                .body("model_version", equalTo("1"))
                .body("id", equalTo("req-42"))
                .body("outputs[0].name", equalTo("logits"))
                .body("outputs[0].datatype", equalTo("FP32"))
                .body("outputs[0].shape", contains(1, 3))
                .body("outputs[0].data", hasSize(3));
    }

    @Test
    void wholeTestSplitThroughV2MatchesTheModelCardAccuracy() throws IOException {
        List<String[]> rows = Files.readAllLines(Path.of("tasks/penguins/penguins-test.csv")).stream().skip(1)
                .map(line -> line.split(",")).toList();
        StringBuilder data = new StringBuilder("[");
        for (String[] row : rows) {
            data.append(data.length() > 1 ? "," : "").append('[').append(String.join(",", row[3], row[4], row[5], row[6])).append(']');
        }
        List<Float> logits = infer("penguins-mlp", measurements("[" + rows.size() + ", 4]", "FP32", data + "]"))
                .statusCode(200).extract().jsonPath().getList("outputs[0].data", Float.class);
        int correct = 0;
        for (int i = 0; i < rows.size(); i++) {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                if (logits.get(i * 3 + c) > logits.get(i * 3 + best)) {
                    best = c;
                }
            }
            correct += LABELS.get(best).equals(rows.get(i)[1]) ? 1 : 0;
        }
        // MODEL_CARD.md: test accuracy 0.9855 on 69 examples, i.e. 68 right.
        assertEquals(69, rows.size());
        assertEquals(68, correct);
    }

    @Test
    void nestedAndFlatDataGiveTheSameAnswer() {
        List<Float> flat = infer("penguins-mlp", measurements("[2, 4]", "FP32", "[40.3, 18, 195, 3250, 46.5, 17.9, 192, 3500]"))
                .statusCode(200).extract().jsonPath().getList("outputs[0].data", Float.class);
        List<Float> nested = infer("penguins-mlp", measurements("[2, 4]", "FP32", "[[40.3, 18, 195, 3250], [46.5, 17.9, 192, 3500]]"))
                .statusCode(200).extract().jsonPath().getList("outputs[0].data", Float.class);
        assertEquals(flat, nested);
    }

    @Test
    void requestedOutputsAreTheOnlyOnesReturned() {
        infer("identity-types", "{\"inputs\": " + IdentityTypesTest.allInputs() + ", \"outputs\": [{\"name\": \"out_INT8\"}]}")
                .statusCode(200)
                .body("outputs", hasSize(1))
                .body("outputs[0].name", equalTo("out_INT8"));
    }

    @Test
    void unknownRequestedOutputIsRefused() {
        infer("penguins-mlp", "{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4], \"datatype\": \"FP32\","
                + " \"data\": [40.3, 18, 195, 3250]}], \"outputs\": [{\"name\": \"probabilities\"}]}")
                .statusCode(400)
                .body("error", equalTo("unexpected inference output 'probabilities' for model 'penguins-mlp'; it has ['logits']"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unexpected input name | {"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]} | unexpected inference input 'x' for model 'penguins-mlp'; it expects ['measurements']
            shape mismatch        | {"inputs": [{"name": "measurements", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]} | unexpected shape for input 'measurements' for model 'penguins-mlp'. Expected [-1,4], got [1,3]
            rank mismatch         | {"inputs": [{"name": "measurements", "shape": [4], "datatype": "FP32", "data": [1, 2, 3, 4]}]} | unexpected shape for input 'measurements' for model 'penguins-mlp'. Expected [-1,4], got [4]
            datatype mismatch     | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP64", "data": [1, 2, 3, 4]}]} | inference input 'measurements' data-type is 'FP64', but model 'penguins-mlp' expects 'FP32'
            too few elements      | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3]}]} | unexpected number of elements for input 'measurements' for model 'penguins-mlp': shape [1,4] needs 4, 'data' has 3
            too many elements     | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4, 5]}]} | unexpected number of elements for input 'measurements' for model 'penguins-mlp': shape [1,4] needs 4, 'data' has 5
            NaN                   | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32", "data": [1, NaN, 3, 4]}]} | input 'measurements' for model 'penguins-mlp' has a non-finite value (NaN or Infinity) at element 1; this input expects finite numbers
            Infinity              | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, -Infinity]}]} | input 'measurements' for model 'penguins-mlp' has a non-finite value (NaN or Infinity) at element 3; this input expects finite numbers
            FP32 overflow         | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 1e300]}]} | input 'measurements' for model 'penguins-mlp' has a non-finite value (NaN or Infinity) at element 3; this input expects finite numbers
            string element        | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32", "data": [1, "2", 3, 4]}]} | input 'measurements' for model 'penguins-mlp': element 1 of 'data' is "2"; expected a number (FP32)
            object in data        | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32", "data": [{"a": 1}]}]} | input 'measurements' for model 'penguins-mlp': 'data' holds an object where an element belongs; expected numbers, booleans or strings, flat or nested as the shape
            nesting off the shape | {"inputs": [{"name": "measurements", "shape": [2, 4], "datatype": "FP32", "data": [[1, 2, 3], [4, 5, 6, 7, 8]]}]} | input 'measurements' for model 'penguins-mlp': nested 'data' does not follow the shape [2,4]: dimension 1 should hold 4 entries, found 3 entries; send data flat or nested exactly as the shape
            half nested           | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32", "data": [1, [2, 3], 4]}]} | input 'measurements' for model 'penguins-mlp': nested 'data' does not follow the shape [1,4]: dimension 0 should hold 1 entries, found 3 entries; send data flat or nested exactly as the shape
            fractional dimension  | {"inputs": [{"name": "measurements", "shape": [1.5, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]} | invalid JSON body: field 'inputs[0].shape[0]': expected a whole number (line 1, column 48)
            NaN as a string       | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32", "data": [1, "NaN", 3, 4]}]} | input 'measurements' for model 'penguins-mlp' has a non-finite value (NaN or Infinity) at element 1; this input expects finite numbers
            unknown datatype      | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FLOAT", "data": [1, 2, 3, 4]}]} | input 'measurements' for model 'penguins-mlp' has datatype 'FLOAT', which is not a V2 datatype; expected one of BOOL, UINT8, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES
            UINT32                | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "UINT32", "data": [1, 2, 3, 4]}]} | input 'measurements' for model 'penguins-mlp' has datatype 'UINT32', which ONNX Runtime's Java API cannot carry; expected one of BOOL, UINT8, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES
            negative dimension    | {"inputs": [{"name": "measurements", "shape": [-1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]} | input 'measurements' for model 'penguins-mlp' has shape [-1, 4]; expected sizes of 0 or more
            no shape              | {"inputs": [{"name": "measurements", "datatype": "FP32", "data": [1, 2, 3, 4]}]} | input 'measurements' for model 'penguins-mlp' has no 'shape'; expected a list of dimension sizes such as [1, 4]
            no datatype           | {"inputs": [{"name": "measurements", "shape": [1, 4], "data": [1, 2, 3, 4]}]} | input 'measurements' for model 'penguins-mlp' has no 'datatype'; expected one of BOOL, UINT8, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES
            no data               | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32"}]} | input 'measurements' for model 'penguins-mlp' has no 'data'; expected an array of FP32 values
            no name               | {"inputs": [{"shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]} | inputs[0] for model 'penguins-mlp' has no 'name'
            no inputs             | {"id": "x"} | the request for model 'penguins-mlp' has no 'inputs'; expected a list of {name, shape, datatype, data}
            input twice           | {"inputs": [{"name": "measurements", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}, {"name": "measurements", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]} | input 'measurements' is given twice for model 'penguins-mlp'
            shape not a list      | {"inputs": [{"name": "measurements", "shape": "1x4", "datatype": "FP32", "data": [1, 2, 3, 4]}]} | invalid JSON body: field 'inputs[0].shape': expected a list (line 1, column 47)
            malformed JSON        | {"inputs": [ | invalid JSON body: field 'inputs': Unexpected end-of-input: expected close marker for Array (line 1, column 13)
            """)
    void badInputIsRefusedWithAnErrorNamingModelAndInput(String what, String body, String error) {
        infer("penguins-mlp", body).statusCode(400).body("error", equalTo(error));
    }

    @Test
    void missingInputIsNamed() {
        infer("versioned", "{\"inputs\": []}").statusCode(400)
                .body("error", equalTo("the request for model 'versioned' has no 'inputs'; expected a list of {name, shape, datatype, data}"));
        infer("identity-types", "{\"inputs\": [{\"name\": \"in_BOOL\", \"shape\": [1, 1], \"datatype\": \"BOOL\", \"data\": [true]}]}")
                .statusCode(400)
                .body("error", containsString("expected 10 inputs but got 1 inputs for model 'identity-types'; missing required input(s) ['in_UINT8', "));
    }

    @Test
    void batchOverTheMaximumIsRefused() {
        // The tests' server-wide maximum is 100 rows.
        String row = "[40.3, 18, 195, 3250]";
        String data = "[" + String.join(",", java.util.Collections.nCopies(101, row)) + "]";
        infer("penguins-mlp", measurements("[101, 4]", "FP32", data)).statusCode(400)
                .body("error", equalTo("inference request batch-size must be <= 100 for model 'penguins-mlp'; input 'measurements' has a batch of 101"));
        String ok = "[" + String.join(",", java.util.Collections.nCopies(100, row)) + "]";
        infer("penguins-mlp", measurements("[100, 4]", "FP32", ok)).statusCode(200).body("outputs[0].shape", contains(100, 3));
    }

    @Test
    void fixedShapeModelRefusesAnotherBatchSize() {
        infer("fixed-shape", "{\"inputs\": [{\"name\": \"x\", \"shape\": [3, 3], \"datatype\": \"FP32\", \"data\": [1,2,3,4,5,6,7,8,9]}]}")
                .statusCode(400)
                .body("error", equalTo("unexpected shape for input 'x' for model 'fixed-shape'. Expected [2,3], got [3,3]"));
        infer("fixed-shape", "{\"inputs\": [{\"name\": \"x\", \"shape\": [2, 3], \"datatype\": \"FP32\", \"data\": [1,2,3,4,5,6]}]}")
                .statusCode(200).body("outputs[0].data", contains(1f, 2f, 3f, 4f, 5f, 6f));
    }

    @Test
    void bodyOverTheLimitIsRefusedWith413() {
        // The tests' limit is 1 MiB.
        String body = measurements("[1, 4]", "FP32", "[1, 2, 3, 4" + ", 0".repeat(600_000) + "]");
        infer("penguins-mlp", body).statusCode(413).body("error", containsString("over the limit of 1048576"));
    }

    @Test
    void unknownModelOrVersionIs404() {
        infer("no-such-model", measurements("[1, 4]", "FP32", "[1, 2, 3, 4]")).statusCode(404)
                .body("error", equalTo("Request for unknown model: 'no-such-model' is not found"));
        given().contentType(ContentType.JSON).body(measurements("[1, 4]", "FP32", "[1, 2, 3, 4]"))
                .post("/v2/models/penguins-mlp/versions/7/infer").then().statusCode(404)
                .body("error", equalTo("Request for unknown model: 'penguins-mlp' version 7 is not found"));
        given().contentType(ContentType.JSON).body(measurements("[1, 4]", "FP32", "[1, 2, 3, 4]"))
                .post("/v2/models/penguins-mlp/versions/latest/infer").then().statusCode(404)
                .body("error", containsString("version 'latest' is not found"));
    }

    @Test
    void modelThatFailedToLoadAnswers503WithItsReason() {
        infer("broken", "{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}")
                .statusCode(503)
                .body("error", containsString("model 'broken' has no ready version: version 1 is UNAVAILABLE (ONNX Runtime cannot load"));
    }

    @Test
    void wrongContentTypeIs415() {
        given().contentType(ContentType.TEXT).body("hello").post("/v2/models/penguins-mlp/infer").then()
                .statusCode(415).body("error", equalTo("unsupported Content-Type 'text/plain; charset=ISO-8859-1'; send"
                        + " application/json, or application/octet-stream with binary tensor data"));
    }
}
