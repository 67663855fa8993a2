package io.modelgate.serving;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class MetricsTest {

    @Test
    void inferenceIsCountedTimedAndLabelledWithModelVersionOutcomeAndProvider() {
        TestSupport.awaitReady();
        given().contentType(ContentType.JSON).body("{\"inputs\": [{\"name\": \"measurements\", \"shape\": [3, 4], \"datatype\": \"FP32\","
                + " \"data\": [40.3, 18, 195, 3250, 40.3, 18, 195, 3250, 40.3, 18, 195, 3250]}]}")
                .post("/v2/models/penguins-mlp/infer").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4], \"datatype\": \"FP64\","
                + " \"data\": [40.3, 18, 195, 3250]}]}").post("/v2/models/penguins-mlp/infer").then().statusCode(400);

        String labels = "api=\"v2\",execution_provider=\"CPUExecutionProvider\",model=\"penguins-mlp\"";
        get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*modelgate_inference_requests_total\\{" + labels + ",outcome=\"success\",version=\"1\"} [1-9].*"))
                .body(matchesPattern("(?s).*modelgate_inference_requests_total\\{" + labels + ",outcome=\"invalid_input\",version=\"1\"} [1-9].*"))
                .body(containsString("modelgate_inference_queue_seconds_bucket{execution_provider=\"CPUExecutionProvider\",model=\"penguins-mlp\",version=\"1\",le="))
                .body(containsString("modelgate_inference_compute_seconds_bucket{execution_provider=\"CPUExecutionProvider\",model=\"penguins-mlp\",version=\"1\",le="))
                .body(matchesPattern("(?s).*modelgate_inference_batch_size_sum\\{execution_provider=\"CPUExecutionProvider\",model=\"penguins-mlp\",version=\"1\"} [0-9.]+.*"))
                .body(containsString("modelgate_model_ready{execution_provider=\"CPUExecutionProvider\",model=\"penguins-mlp\",version=\"1\"} 1.0"));
    }
}
