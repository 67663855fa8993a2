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
 * deadline 2.5 s, 1 s per attempt, 2 slots of which 1 is kept for interactive calls, 0.5 s wait for a slot.
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
        Response answer = chat("hello");
        long tookMs = Duration.between(started, Instant.now()).toMillis();
        assertEquals(504, answer.statusCode(), answer.asString());
        assertTrue(answer.asString().contains("'bounded'"), answer.asString());
        // Without the deadline: 6 attempts of 1 s each plus backoff, more than 6 s.
        assertTrue(tookMs >= 2000 && tookMs < 4500, "answered after " + tookMs + " ms, deadline 2500 ms");
    }

    @Test
    void aRequestFindingEverySlotBusyPastMaxSlotWaitIs503NamingTheLlm() {
        llm.hangWhenBodyContains("");
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> chat("one"));
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> chat("two"));
        awaitHanging(2);
        Instant started = Instant.now();
        Response third = chat("three");
        long tookMs = Duration.between(started, Instant.now()).toMillis();
        assertEquals(503, third.statusCode(), third.asString());
        assertTrue(third.asString().contains("'bounded' is busy"), third.asString());
        assertTrue(third.asString().contains("max-slot-wait"), third.asString());
        assertTrue(tookMs >= 400 && tookMs < 2000, "refused after " + tookMs + " ms, max-slot-wait 500 ms");
        first.join();
        second.join();
    }

    @Test
    void anInteractiveCallIsAnsweredWhileARunIsStuckOnTheSameLlmAndCancelEndsTheRunWithinFiveSeconds() {
        llm.setDefault(Reply.answer("Gentoo"));
        llm.hangWhenBodyContains("A penguin was measured");
        String id = RunsApiTest.start("penguins-zero-shot@bounded");
        awaitHanging(1);

        Response interactive = chat("interactive hello");
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

    private static Response chat(String text) {
        return given().contentType(ContentType.JSON)
                .body("{\"model\": \"bounded\", \"messages\": [{\"role\": \"user\", \"content\": \"" + text + "\"}]}")
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
