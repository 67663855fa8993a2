package io.modelgate.serving;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import java.util.Map;

import static io.modelgate.PrometheusSamples.delta;
import static io.modelgate.PrometheusSamples.scrape;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Inference metrics, each read as the change its own requests caused: other test classes share this
 * application and leave counts behind, so an absolute value would prove nothing. The requests go to a
 * copy of penguins-mlp loaded by this test alone, so that no other class's requests, and no gauge an
 * earlier application in this JVM registered for penguins-mlp, can be mistaken for them.
 */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class MetricsTest {

    private static final String PROBE = "metrics-probe";
    private static final String MODEL = "execution_provider=\"CPUExecutionProvider\",model=\"" + PROBE + "\",version=\"1\"";
    private static final String REQUESTS = "modelgate_inference_requests_total{api=\"v2\",execution_provider=\"CPUExecutionProvider\","
            + "model=\"" + PROBE + "\",outcome=\"%s\",version=\"1\"}";

    @BeforeEach
    void loadProbe() throws IOException {
        TestSupport.awaitReady();
        TestSupport.copyOfPenguinsAs(PROBE);
        given().post("/v2/repository/models/" + PROBE + "/load").then().statusCode(200);
    }

    @AfterEach
    void unloadProbe() {
        given().post("/v2/repository/models/" + PROBE + "/unload").then().statusCode(200);
        TestFolders.deleteTree(TestSupport.repository().resolve(PROBE));
    }

    @Test
    void inferenceIsCountedTimedAndLabelledWithModelVersionOutcomeAndProvider() {
        Map<String, Double> before = scrape();
        given().contentType(ContentType.JSON).body("{\"inputs\": [{\"name\": \"measurements\", \"shape\": [3, 4], \"datatype\": \"FP32\","
                + " \"data\": [40.3, 18, 195, 3250, 40.3, 18, 195, 3250, 40.3, 18, 195, 3250]}]}")
                .post("/v2/models/" + PROBE + "/infer").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4], \"datatype\": \"FP64\","
                + " \"data\": [40.3, 18, 195, 3250]}]}").post("/v2/models/" + PROBE + "/infer").then().statusCode(400);
        Map<String, Double> after = scrape();

        assertEquals(1.0, delta(before, after, String.format(REQUESTS, "success")), "one successful request");
        assertEquals(1.0, delta(before, after, String.format(REQUESTS, "invalid_input")), "one refused request");
        assertEquals(1.0, delta(before, after, "modelgate_inference_queue_seconds_count{" + MODEL + "}"),
                "the successful request waited in the queue once");
        assertEquals(1.0, delta(before, after, "modelgate_inference_compute_seconds_count{" + MODEL + "}"),
                "the successful request was computed once");
        assertEquals(3.0, delta(before, after, "modelgate_inference_batch_size_sum{" + MODEL + "}"),
                "its three instances went through in one batch");
        assertEquals(1.0, after.get("modelgate_model_ready{" + MODEL + "}"), "the model is ready");
    }
}
