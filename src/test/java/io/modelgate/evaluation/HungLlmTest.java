package io.modelgate.evaluation;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.prompting.FakeOpenAiServer;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hung LLM (the fake server holds the connection open, never answering) against the LLM {@code bounded}:
 * deadline 2.5 s, 1 s per attempt, 2 slots of which 1 is kept for interactive calls; and {@code busy}: one slot,
 * 0.5 s wait for it.
 */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class HungLlmTest {

    private FakeOpenAiServer llm;

    @BeforeEach
    void reset() {
        TestSupport.awaitReady();
        llm = FakeLlmResource.server();
        llm.reset();
    }

    @AfterEach
    void releaseTheHungRequests() {
        llm.reset();
    }

    @Test
    void aChatCompletionOnAHungLlmAnswers504NamingTheLlmWithinItsDeadline() {
        llm.hangWhenBodyContains("");
        Instant started = Instant.now();
        Response answer = chat("bounded", "hello");
        long tookMs = Duration.between(started, Instant.now()).toMillis();
        assertEquals(504, answer.statusCode(), answer.asString());
        assertTrue(answer.asString().contains("LLM 'bounded' timed out"), answer.asString());
        // Without the deadline: 21 attempts of 1 s each plus backoff, more than 21 s; the slack is for a busy machine.
        assertTrue(tookMs >= 2000 && tookMs < 8000, "answered after " + tookMs + " ms, deadline 2500 ms");
    }

    @Test
    void aRequestFindingEverySlotBusyPastMaxSlotWaitIs503NamingTheLlm() {
        llm.hangWhenBodyContains("");
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> chat("busy", "one"));
        awaitHanging(1);
        Instant started = Instant.now();
        Response third = chat("busy", "two");
        long tookMs = Duration.between(started, Instant.now()).toMillis();
        assertEquals(503, third.statusCode(), third.asString());
        assertTrue(third.asString().contains("'busy' is busy"), third.asString());
        assertTrue(third.asString().contains("max-slot-wait"), third.asString());
        assertTrue(tookMs >= 400 && tookMs < 2000, "refused after " + tookMs + " ms, max-slot-wait 500 ms");
        llm.reset();
        first.join();
    }

    @Test
    void anInteractiveCallIsAnsweredWhileARunIsStuckOnTheSameLlmAndCancelEndsTheRunWithinFiveSeconds() {
        llm.setDefault(Reply.answer("Gentoo"));
        llm.hangWhenBodyContains("A penguin was measured");
        String id = RunsApiTest.start("penguins-zero-shot@bounded");
        awaitHanging(1);

        Response interactive = chat("bounded", "interactive hello");
        assertEquals(200, interactive.statusCode(), interactive.asString());

        given().delete("/api/runs/" + id).then().statusCode(200);
        Instant cancelled = Instant.now();
        String status = "running";
        while (status.equals("running") && Duration.between(cancelled, Instant.now()).toSeconds() < 5) {
            TestSupport.sleep(50);
            status = get("/api/runs/" + id).then().extract().path("progress.status");
        }
        assertNotEquals("running", status, "the run still runs 5 s after its cancel");
    }

    private static Response chat(String model, String text) {
        return given().contentType(ContentType.JSON)
                .body("{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"" + text + "\"}]}")
                .post("/v1/chat/completions");
    }

    private void awaitHanging(int requests) {
        Instant until = Instant.now().plusSeconds(10);
        while (llm.hangingRequests() < requests && Instant.now().isBefore(until)) {
            TestSupport.sleep(20);
        }
        assertTrue(llm.hangingRequests() >= requests, llm.hangingRequests() + " requests hung, expected " + requests);
    }
}
