package io.modelgate.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.evaluation.RunRequest;
import io.modelgate.evaluation.RunExecutor;
import io.modelgate.evaluation.RunPlanner;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every metric the Grafana dashboard queries is one the service really exports. */
@QuarkusTest
@WithTestResource(value = TestFolders.class, initArgs = @ResourceArg(name = TestFolders.RESULTS_FOR, value = "GrafanaDashboardTest"))
@WithTestResource(FakeLlmResource.class)
class GrafanaDashboardTest {

    @Inject
    RunPlanner planner;

    @Inject
    RunExecutor executor;

    @Test
    void everyQueriedMetricIsExported() throws IOException {
        TestSupport.awaitReady();
        FakeLlmResource.server().reset();
        // Traffic of every kind, so that every metric has a series.
        given().contentType(ContentType.JSON).body("{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4],"
                + " \"datatype\": \"FP32\", \"data\": [40.3, 18, 195, 3250]}]}").post("/v2/models/penguins-mlp/infer").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"instances\": [{\"bill_length_mm\": 40.3, \"bill_depth_mm\": 18,"
                + " \"flipper_length_mm\": 195, \"body_mass_g\": 3250}]}").post("/api/systems/penguins-zero-shot@default/predict")
                .then().statusCode(200);
        FakeLlmResource.server().enqueue(io.modelgate.prompting.FakeOpenAiServer.Reply.status(500, "once"));
        given().contentType(ContentType.JSON).body("{\"model\": \"default\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);
        executor.run(planner.plan(new RunRequest("penguins", null, "penguins-mlp", null, true)), progress -> { });

        JsonNode dashboard = new ObjectMapper().readTree(Path.of("k8s/grafana-dashboard.json").toFile());
        Set<String> queried = new TreeSet<>();
        Matcher metric = Pattern.compile("modelgate_[a-z_]+").matcher(dashboard.toString());
        while (metric.find()) {
            queried.add(metric.group());
        }
        assertTrue(queried.size() >= 10, "the dashboard queries " + queried);
        String exported = get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> missing = new TreeSet<>();
        for (String name : queried) {
            if (!exported.contains("\n" + name + "{") && !exported.contains("\n" + name + " ")) {
                missing.add(name);
            }
        }
        assertEquals(Set.of(), missing, "metrics the dashboard queries but /q/metrics does not export");
    }
}
