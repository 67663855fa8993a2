package io.modelgate.kserve;

import io.modelgate.FakeLlmResource;
import io.modelgate.PrometheusSamples;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class KServeV2MetadataTest {

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    @Test
    void serverMetadataNamesItsExtensions() {
        get("/v2").then().statusCode(200)
                .body("name", equalTo("modelgate"))
                .body("extensions", contains("model_repository", "binary_tensor_data"));
    }

    @Test
    void serverIsLiveAndReady() {
        get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'models' }.data.'penguins-mlp/1'", equalTo("READY"))
                .body("checks.find { it.name == 'store' }.data.kind", equalTo("files"));
    }

    @Test
    void livenessProbesAreNotTimedAsHttpRequests() {
        get("/v2/health/live").then().statusCode(200);
        get("/v2").then().statusCode(200);
        Set<String> series = PrometheusSamples.scrape().keySet();
        assertTrue(series.stream().anyMatch(name -> name.startsWith("http_server_requests_seconds_count") && name.contains("uri=\"/v2\"")),
                "other requests are still timed");
        assertTrue(series.stream().noneMatch(name -> name.startsWith("http_server_requests") && name.contains("/v2/health/live")),
                "a kubelet's probe every few seconds is not an HTTP request worth a timer");
    }

    @Test
    void modelMetadataDescribesTensorsLabelsAndExecutionProvider() {
        get("/v2/models/penguins-mlp").then().statusCode(200)
                .body("name", equalTo("penguins-mlp"))
                .body("versions", contains("1"))
                .body("platform", equalTo("onnxruntime_onnx"))
                .body("inputs[0].name", equalTo("measurements"))
                .body("inputs[0].datatype", equalTo("FP32"))
                .body("inputs[0].shape", contains(-1, 4))
                .body("outputs[0].name", equalTo("logits"))
                .body("outputs[0].shape", contains(-1, 3))
                .body("parameters.execution_provider", equalTo("CPUExecutionProvider"))
                .body("parameters.task", equalTo("penguins"))
                .body("parameters.labels", contains("Adelie", "Chinstrap", "Gentoo"))
                .body("parameters.state", equalTo("READY"));
        get("/v2/models/penguins-mlp/versions/1").then().statusCode(200).body("parameters.version", equalTo("1"));
    }

    @Test
    void severalVersionsServeAtOnceAndTheNewestIsTheDefault() {
        get("/v2/models/versioned").then().statusCode(200)
                .body("versions", contains("2", "1"))
                .body("parameters.version", equalTo("2"));
        String x = "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 3], \"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}";
        given().contentType(ContentType.JSON).body(x).post("/v2/models/versioned/infer").then().statusCode(200)
                .body("model_version", equalTo("2"))
                .body("outputs[0].data", contains(3f, 4f, 5f));
        given().contentType(ContentType.JSON).body(x).post("/v2/models/versioned/versions/1/infer").then().statusCode(200)
                .body("model_version", equalTo("1"))
                .body("outputs[0].data", contains(2f, 3f, 4f));
        get("/v2/models/versioned/versions/1/ready").then().statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void modelThatFailedToLoadIsNotReadyAndSaysWhy() {
        get("/v2/models/broken").then().statusCode(200)
                .body("parameters.state", equalTo("UNAVAILABLE"))
                .body("parameters.reason", containsString("ONNX Runtime cannot load"));
        get("/v2/models/broken/ready").then().statusCode(503)
                .body("error", containsString("model 'broken' version 1 is not ready (UNAVAILABLE: ONNX Runtime cannot load"));
        get("/v2/models/penguins-mlp/ready").then().statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void unknownModelAndVersionAre404() {
        get("/v2/models/nope").then().statusCode(404).body("error", equalTo("Request for unknown model: 'nope' is not found"));
        get("/v2/models/nope/ready").then().statusCode(404);
        get("/v2/models/penguins-mlp/versions/9").then().statusCode(404)
                .body("error", equalTo("Request for unknown model: 'penguins-mlp' version 9 is not found"));
        get("/v2/models/penguins-mlp/versions/0/ready").then().statusCode(404);
        get("/v2/models/penguins-mlp/versions/x").then().statusCode(404);
    }

    @Test
    void modelListShowsEveryVersionWithItsState() {
        get("/v2/models").then().statusCode(200)
                .body("models.name", hasItem("penguins-mlp"))
                .body("models.find { it.name == 'broken' }.state", equalTo("UNAVAILABLE"))
                .body("models.findAll { it.name == 'versioned' }.version", contains("1", "2"));
    }

    @Test
    void unknownPathAndMethodAnswerJsonErrors() {
        get("/v2/nothing-here").then().statusCode(404).body("error", containsString("no such resource"));
        given().delete("/v2/models/penguins-mlp").then().statusCode(405).body("error", containsString("method not allowed"));
    }
}
