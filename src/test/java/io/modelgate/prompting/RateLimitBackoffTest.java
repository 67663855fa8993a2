package io.modelgate.prompting;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.modelgate.prompting.llm.LlmGateway;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A rate-limited LLM gets fewer requests at once, and gets them back as it answers again (AIMD). */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class RateLimitBackoffTest {

    private static final String HELLO = "{\"model\": \"backup\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";

    @Inject
    LlmGateway llms;

    private FakeOpenAiServer llm;

    @BeforeEach
    void reset() {
        TestSupport.awaitReady();
        llm = FakeLlmResource.server();
        llm.reset();
    }

    private void ask() {
        given().contentType(ContentType.JSON).body(HELLO).post("/v1/chat/completions");
    }

    @Test
    void eachRateLimitHalvesTheConcurrencyAndSuccessesRaiseItAgain() {
        int maximum = llms.settings("backup").maxConcurrency();
        llm.enqueue(Reply.status(429, "Rate limit reached"), Reply.status(429, "Rate limit reached"));
        ask();
        assertEquals(Math.max(1, maximum / 2), llms.concurrencyLimit("backup"));
        ask();
        int halvedTwice = Math.max(1, maximum / 4);
        assertEquals(halvedTwice, llms.concurrencyLimit("backup"));
        get("/q/metrics").then().body(containsString("modelgate_llm_concurrency_limit{llm=\"backup\",model=\"backup-model\"} "
                + halvedTwice + ".0"));
        // One more request at once after as many successes in a row as the limit is.
        for (int i = 0; i < halvedTwice; i++) {
            ask();
        }
        assertEquals(Math.min(maximum, halvedTwice + 1), llms.concurrencyLimit("backup"));
        for (int i = 0; i < 100 && llms.concurrencyLimit("backup") < maximum; i++) {
            ask();
        }
        assertEquals(maximum, llms.concurrencyLimit("backup"));
    }
}
