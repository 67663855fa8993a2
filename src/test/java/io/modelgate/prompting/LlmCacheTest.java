package io.modelgate.prompting;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With the answer cache on, a repeated request is answered from disk and flagged as a cache hit. */
@QuarkusTest
@TestProfile(LlmCacheTest.CacheOn.class)
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class LlmCacheTest {

    public static class CacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("modelgate.llm-cache.enabled", "true",
                    "modelgate.llm-cache.dir", "target/llm-cache-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        }
    }

    private static final String GENTOO = "{\"instances\": [{\"bill_length_mm\": 49.6, \"bill_depth_mm\": 15,"
            + " \"flipper_length_mm\": 216, \"body_mass_g\": 4750}]}";

    @Test
    void repeatedRequestIsAnsweredFromTheCacheAndFlagged() {
        TestSupport.awaitReady();
        FakeOpenAiServer llm = FakeLlmResource.server();
        llm.reset();
        llm.enqueue(Reply.answer("Gentoo").withUsage(40, 1), Reply.answer("Adelie"));
        given().contentType(ContentType.JSON).body(GENTOO).post("/api/systems/penguins-zero-shot@default/predict").then()
                .statusCode(200).body("predictions[0].label", equalTo("Gentoo")).body("predictions[0].llm.cache_hit", equalTo(false));
        given().contentType(ContentType.JSON).body(GENTOO).post("/api/systems/penguins-zero-shot@default/predict").then()
                .statusCode(200)
                .body("predictions[0].label", equalTo("Gentoo"))
                .body("predictions[0].llm.cache_hit", equalTo(true))
                .body("predictions[0].llm.cost", equalTo(0.0f));
        assertEquals(1, llm.requestCount(), "the second request must not reach the LLM");

        // Another instance is another prompt: a miss.
        given().contentType(ContentType.JSON).body(GENTOO.replace("49.6", "38.0")).post("/api/systems/penguins-zero-shot@default/predict")
                .then().statusCode(200).body("predictions[0].llm.cache_hit", equalTo(false));
        assertEquals(2, llm.requestCount());

        // The pass-through shares the cache and says so in a header.
        llm.enqueue(Reply.answer("Hi"));
        String hello = "{\"model\": \"default\", \"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}";
        given().contentType(ContentType.JSON).body(hello).post("/v1/chat/completions").then().header("x-modelgate-cache", "miss");
        given().contentType(ContentType.JSON).body(hello).post("/v1/chat/completions").then().statusCode(200)
                .header("x-modelgate-cache", "hit").body("choices[0].message.content", equalTo("Hi"));
        get("/q/metrics").then().body(containsString("modelgate_llm_requests_total{llm=\"default\",model=\"fake-model\",outcome=\"cache_hit\"}"));
    }
}
