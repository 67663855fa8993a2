package io.modelgate.kserve;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.modelgate.PrometheusSamples.delta;
import static io.modelgate.PrometheusSamples.scrape;
import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dynamic batching and the response cache through the V2 API, on copies of penguins-mlp that this class loads with
 * the blocks in their model.yaml; penguins-mlp itself (no batching, no cache) gives the unbatched answers.
 */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class DynamicBatchingV2Test {

    private final List<String> probes = new ArrayList<>();

    private void loadProbe(String name, String block) throws IOException {
        TestSupport.awaitReady();
        Path probe = TestSupport.repository().resolve(name);
        TestFolders.deleteTree(probe);
        TestFolders.copyTree(TestSupport.repository().resolve("penguins-mlp"), probe);
        Files.writeString(probe.resolve("model.yaml"), Files.readString(probe.resolve("model.yaml"))
                .replace("name: penguins-mlp", "name: " + name) + block);
        given().post("/v2/repository/models/" + name + "/load").then().statusCode(200);
        probes.add(name);
    }

    @AfterEach
    void unloadProbes() {
        for (String probe : probes) {
            given().post("/v2/repository/models/" + probe + "/unload").then().statusCode(200);
            TestFolders.deleteTree(TestSupport.repository().resolve(probe));
        }
    }

    private static String body(float[] row) {
        return String.format(Locale.ROOT, "{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4], \"datatype\": \"FP32\","
                + " \"data\": [%s, %s, %s, %s]}]}", row[0], row[1], row[2], row[3]);
    }

    private static Response infer(String model, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v2/models/" + model + "/infer");
    }

    private static List<Float> logits(Response response) {
        assertEquals(200, response.statusCode(), response.asString());
        return response.jsonPath().getList("outputs[0].data", Float.class);
    }

    @Test
    void concurrentRequestsAreGatheredIntoRunsOfSeveralRowsAndAnswerAsUnbatched() throws Exception {
        loadProbe("batching-probe", "dynamic-batching: {max-batch-size: 16, max-queue-delay: 20ms}\n");
        Map<String, Double> before = scrape();
        Random random = new Random(3);
        int requests = 64;
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            bodies.add(body(new float[]{32 + 28 * random.nextFloat(), 13 + 9 * random.nextFloat(),
                    170 + 60 * random.nextFloat(), 2700 + 3600 * random.nextFloat()}));
        }
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<List<Float>>> answers = new ArrayList<>();
        for (String body : bodies) {
            answers.add(clients.submit(() -> logits(infer("batching-probe", body))));
        }
        for (int i = 0; i < requests; i++) {
            assertEquals(logits(infer("penguins-mlp", bodies.get(i))), answers.get(i).get(60, TimeUnit.SECONDS), bodies.get(i));
        }
        clients.shutdown();
        Map<String, Double> after = scrape();
        String version = "execution_provider=\"CPUExecutionProvider\",model=\"batching-probe\",version=\"1\"";
        double runs = delta(before, after, "modelgate_inference_run_rows_count{" + version + "}");
        double rows = delta(before, after, "modelgate_inference_run_rows_sum{" + version + "}");
        double singleRowRuns = delta(before, after, "modelgate_inference_run_rows_bucket{" + version + ",le=\"1.0\"}");
        assertEquals(requests, rows, 0.0, "every row ran once");
        assertTrue(runs < requests, runs + " runs for " + requests + " one-row requests");
        assertTrue(runs - singleRowRuns > 0, "some run carried more than one row");
    }

    @Test
    void aFullBatchQueueAnswers503AndIsCountedAsQueueFull() throws Exception {
        loadProbe("queue-full-probe", "dynamic-batching: {max-queue-size: 1, max-queue-delay: 1s}\n");
        Map<String, Double> before = scrape();
        String adelie = body(new float[]{40.3f, 18, 195, 3250});
        ExecutorService client = Executors.newSingleThreadExecutor();
        Future<Response> waiting = client.submit(() -> infer("queue-full-probe", adelie));
        Thread.sleep(300); // it waits in the queue for company for 1 s
        Response refused = infer("queue-full-probe", adelie);
        assertEquals(503, refused.statusCode());
        assertEquals("model 'queue-full-probe' version 1: the batch queue is full (1 requests waiting,"
                + " dynamic-batching.max-queue-size); try again later", refused.jsonPath().getString("error"));
        assertEquals(200, waiting.get(10, TimeUnit.SECONDS).statusCode(), "the queued request still runs");
        client.shutdown();
        assertEquals(1, delta(before, scrape(), requestsTotal("queue-full-probe", "queue_full")), 0.0);
    }

    @Test
    void aRequestWaitingPastQueueTimeoutAnswers503AndIsCountedAsQueueTimeout() throws Exception {
        loadProbe("queue-timeout-probe", "dynamic-batching: {max-queue-delay: 2s, queue-timeout: 100ms}\n");
        Map<String, Double> before = scrape();
        Response refused = infer("queue-timeout-probe", body(new float[]{40.3f, 18, 195, 3250}));
        assertEquals(503, refused.statusCode());
        assertEquals("model 'queue-timeout-probe' version 1: the request waited in the batch queue longer than"
                + " dynamic-batching.queue-timeout (100 ms); try again later", refused.jsonPath().getString("error"));
        assertEquals(1, delta(before, scrape(), requestsTotal("queue-timeout-probe", "queue_timeout")), 0.0);
    }

    @Test
    void aCacheHitAnswersExactlyAsTheMissAndTheCountersMove() throws Exception {
        loadProbe("cache-probe", "response-cache: {max-entries: 100}\n");
        Map<String, Double> before = scrape();
        String gentoo = body(new float[]{47.5f, 14.2f, 209, 4600});
        List<Float> miss = logits(infer("cache-probe", gentoo));
        List<Float> hit = logits(infer("cache-probe", gentoo));
        assertEquals(miss, hit);
        assertEquals(logits(infer("penguins-mlp", gentoo)), hit);
        Map<String, Double> after = scrape();
        String version = "execution_provider=\"CPUExecutionProvider\",model=\"cache-probe\",";
        assertEquals(1, delta(before, after, "modelgate_inference_cache_total{" + version + "result=\"hit\",version=\"1\"}"), 0.0);
        assertEquals(1, delta(before, after, "modelgate_inference_cache_total{" + version + "result=\"miss\",version=\"1\"}"), 0.0);
        assertEquals(2, delta(before, after, requestsTotal("cache-probe", "success")), 0.0);
    }

    private static String requestsTotal(String model, String outcome) {
        return "modelgate_inference_requests_total{api=\"v2\",execution_provider=\"CPUExecutionProvider\",model=\""
                + model + "\",outcome=\"" + outcome + "\",version=\"1\"}";
    }
}
