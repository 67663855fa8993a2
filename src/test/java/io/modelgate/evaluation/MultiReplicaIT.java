package io.modelgate.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.ReplicaProcess;
import io.modelgate.TestDatabase;
import io.modelgate.TestSupport;
import io.modelgate.prompting.FakeOpenAiServer;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the packaged service on one PostgreSQL (issue #14's Show): a run started on A is followed on B;
 * A is killed mid-run; B takes the run over once A's lease expired and finishes it, with every example asked of the
 * LLM (the fake OpenAI server started here) exactly once and one ledger row; a run of A is cancelled through B.
 * The leases are short (expiry 2 s) so that it takes seconds, not the production 10 s.
 */
@EnabledIfEnvironmentVariable(named = TestDatabase.URL, matches = ".+",
        disabledReason = "PostgreSQL tests need MODELGATE_TEST_JDBC_URL; ./test starts a cluster and sets it")
class MultiReplicaIT {

    private static final Duration START_WITHIN = Duration.ofSeconds(240);
    private static final String PROMPT = "penguins-zero-shot@default";

    private FakeOpenAiServer llm;
    private ReplicaProcess a;
    private ReplicaProcess b;

    @BeforeEach
    void twoReplicasOnOneDatabase() throws Exception {
        llm = FakeOpenAiServer.start();
        llm.setDefault(Reply.slow(Duration.ofMillis(60), "Adelie"));
        Map<String, String> environment = ReplicaProcess.sharedStore(TestDatabase.migratedSchema(),
                Files.createTempDirectory(Path.of("target").toAbsolutePath(), "replicas-results-"));
        // No ONNX model: the run asks a prompt system, and loading the bundled models took a replica 15 s of its start.
        environment.put("MODELGATE_MODELS_DIR", Files.createTempDirectory(Path.of("target").toAbsolutePath(),
                "replicas-models-").toString());
        environment.put("MODELGATE_LLM_BASE_URL", llm.baseUrl());
        environment.put("MODELGATE_LLM_MODEL", "fake-model");
        environment.put("MODELGATE_LLM_API_KEY", "test-key-not-secret");
        environment.put("MODELGATE_RESULTS_CONCURRENCY", "2");
        environment.put("MODELGATE_RESULTS_BATCH_SIZE", "2");
        a = ReplicaProcess.start("a", environment);
        b = ReplicaProcess.start("b", environment);
        a.awaitReady(START_WITHIN);
        b.awaitReady(START_WITHIN);
    }

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (llm != null) {
            llm.close();
        }
    }

    @Test
    void aRunOfAKilledReplicaIsFinishedByTheOtherWithEveryExampleAskedOnceAndOneLedgerRow() throws Exception {
        // A run of A cancelled through B: the request waits in the store until A's next heartbeat.
        llm.setDefault(Reply.slow(Duration.ofMillis(500), "Adelie")); // slow enough to be cancelled mid-way
        String cancelled = start(a, false);
        await(cancelled, () -> "running".equals(status(b, cancelled)), "B sees the run A runs, from A's heartbeat");
        on(b).delete("/api/runs/" + cancelled).then().statusCode(200).body("cancelling", equalTo(true));
        await(cancelled, () -> "cancelled".equals(status(a, cancelled)), "A stops the run cancelled through B");
        await(cancelled, () -> "cancelled".equals(status(b, cancelled)), "B reads the run's last state from the store");

        llm.reset();
        llm.setDefault(Reply.slow(Duration.ofMillis(200), "Adelie"));
        String id = start(a, true); // start_over: none of the cancelled run's answers count
        await(id, () -> "running".equals(status(b, id)), "B sees the run A runs, from A's first heartbeat");
        CompletableFuture<String> eventsOnB = CompletableFuture.supplyAsync(() -> events(b, id));
        await(id, () -> llm.requestCount() >= 20, "A is mid-way through the run");
        // The LLM holds every request from now on: what A asked and was answered is saved within 200 ms, what it
        // asks now is never answered (A dies waiting), so no answer is lost and none is paid for twice.
        llm.hold();
        await(id, () -> llm.heldCount() >= 1, "A waits for the LLM");
        TestSupport.sleep(1000);
        int answeredByA = llm.requestCount();
        JsonPath midway = on(b).get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals("running", midway.getString("progress.status"), "B follows A's run");
        assertEquals(answeredByA, midway.getInt("progress.done"), "B sees A's progress as of A's last heartbeat");

        a.kill();
        llm.dropHeld();

        Instant killed = Instant.now();
        await(id, () -> "complete".equals(status(b, id)), "B takes the run over and finishes it");
        assertTrue(Duration.between(killed, Instant.now()).toSeconds() < 30, "taken over within seconds");

        Map<String, Long> asked = llm.requests().stream().filter(r -> r.path().equals(FakeOpenAiServer.CHAT_COMPLETIONS_PATH))
                .collect(Collectors.groupingBy(MultiReplicaIT::question, Collectors.counting()));
        JsonPath run = on(b).get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
        int total = run.getInt("progress.total");
        assertEquals(69, total);
        assertEquals(total, asked.size(), "every example was asked");
        assertEquals(Map.of(), asked.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "no example was asked twice");
        assertTrue(answeredByA > 0 && answeredByA < total, "A answered some, B the rest: " + answeredByA);
        List<String> ledgerRows = on(b).get("/api/runs").then().statusCode(200).extract().jsonPath().getList("id");
        assertEquals(1, ledgerRows.stream().filter(id::equals).count(), "one ledger row: " + ledgerRows);
        String events = eventsOnB.get();
        assertTrue(events.contains("\"status\":\"running\"") && events.contains("\"status\":\"complete\""), events);
    }

    private static RequestSpecification on(ReplicaProcess replica) {
        return given().baseUri(replica.baseUri());
    }

    private static String start(ReplicaProcess replica, boolean startOver) {
        return on(replica).contentType(ContentType.JSON).body("{\"task\": \"penguins\", \"system\": \"" + PROMPT + "\","
                + " \"start_over\": " + startOver + "}").post("/api/runs").then().statusCode(202).extract().path("id");
    }

    private static String status(ReplicaProcess replica, String id) {
        return on(replica).get("/api/runs/" + id).then().statusCode(200).extract().path("progress.status");
    }

    /** The run's server-sent events through {@code replica}, until the stream ends (the run finished). */
    private static String events(ReplicaProcess replica, String id) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(replica.baseUri() + "/api/runs/" + id
                    + "/events")).timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException("events of run " + id + " through " + replica.name(), e);
        }
    }

    /** The question of a chat-completions request: its last (user) message, one per example of the test set. */
    private static String question(FakeOpenAiServer.RecordedRequest request) {
        JsonNode messages = request.json().path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }

    /** Waits for {@code condition} on run {@code id}; failing, says what each replica and the LLM answered, then the logs. */
    private void await(String id, java.util.function.BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 60 s: " + what + "\n--- GET /api/runs/" + id + " on a: " + answer(a, id)
                        + "\n--- on b: " + answer(b, id) + "\n--- the LLM was asked " + llm.requestCount() + " times, holds "
                        + llm.heldCount() + "\n--- a:\n" + a.logTail() + "\n--- b:\n" + b.logTail());
            }
            TestSupport.sleep(100);
        }
    }

    /** What {@code replica} answers about run {@code id}: status code and body, or why it did not answer. */
    private static String answer(ReplicaProcess replica, String id) {
        if (!replica.isAlive()) {
            return "(not running)";
        }
        try {
            io.restassured.response.Response response = on(replica).get("/api/runs/" + id);
            return response.statusCode() + " " + response.asString();
        } catch (RuntimeException e) {
            return "(no answer: " + e + ")";
        }
    }
}
