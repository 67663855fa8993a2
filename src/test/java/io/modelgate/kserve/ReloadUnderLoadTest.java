package io.modelgate.kserve;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many parallel inferences while the model is reloaded over and over: none may fail. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class ReloadUnderLoadTest {

    private static final String ADELIE = "{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4], \"datatype\": \"FP32\","
            + " \"data\": [40.3, 18, 195, 3250]}]}";

    @Test
    void reloadsNeverFailARequestInFlight() throws Exception {
        TestSupport.awaitReady();
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicBoolean reloading = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            workers.add(pool.submit(() -> {
                while (reloading.get()) {
                    Response response = given().contentType(ContentType.JSON).body(ADELIE).post("/v2/models/penguins-mlp/infer");
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.asString());
                    } else {
                        List<Float> logits = response.jsonPath().getList("outputs[0].data", Float.class);
                        if (!(logits.get(0) > logits.get(1) && logits.get(0) > logits.get(2))) {
                            failures.add("wrong answer " + logits);
                        }
                        served.incrementAndGet();
                    }
                }
            }));
        }
        int reloads = 25;
        for (int i = 0; i < reloads; i++) {
            given().post("/v2/repository/models/penguins-mlp/load").then().statusCode(200);
        }
        reloading.set(false);
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(List.of(), List.copyOf(failures));
        assertTrue(served.get() > reloads, "only " + served.get() + " requests ran during " + reloads + " reloads");
    }
}
