package io.modelgate.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.ReplicaProcess;
import io.modelgate.TestDatabase;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.prompting.FakeOpenAiServer;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.modelgate.spectra.Pesticides;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the packaged service on one PostgreSQL (issue #14's Show): a run started on A is followed on B;
 * A is stopped gracefully (SIGTERM) mid-run and hands the run over, so B takes it over at once, not after the lease
 * expired; A is killed mid-run and B takes the run over once A's lease expired; either way B finishes it with every
 * example asked of the LLM (the fake OpenAI server started here) exactly once and one ledger row; a run of A is
 * cancelled through B; a spectral library built through A is searched through B, and deleted through B is gone
 * from A. The leases are renewed often (heartbeat 300 ms) and expire after the production 10 s,
 * so that a hand-over (taken over within a few seconds) is told apart from an expiry. The replicas are started once for the class (a start
 * is most of its time); a test that finds A stopped starts it again.
 */
@EnabledIfEnvironmentVariable(named = TestDatabase.URL, matches = ".+",
        disabledReason = "PostgreSQL tests need MODELGATE_TEST_JDBC_URL; ./test starts a cluster and sets it")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the tests that stop A last, so that A is started once more only
class MultiReplicaIT {

    private static final Duration START_WITHIN = Duration.ofSeconds(240);
    private static final String PROMPT = "penguins-zero-shot@default";
    private static final String SPECTRA_MODEL = "ms2deepscore-testmodel";
    private static final Duration LEASE_EXPIRY = Duration.ofSeconds(10);
    /** A hand-over is taken over within this of the SIGTERM: B's next look, and its first plan of the run's system. */
    private static final Duration HANDED_OVER_WITHIN = Duration.ofSeconds(5);

    private FakeOpenAiServer llm;
    private DataSource database;
    private Map<String, String> environment;
    private ReplicaProcess a;
    private ReplicaProcess b;

    @BeforeAll
    void twoReplicasOnOneDatabase() throws Exception {
        llm = FakeOpenAiServer.start();
        Path target = Path.of("target").toAbsolutePath();
        String schema = TestDatabase.migratedSchema();
        database = TestDatabase.inSchema(schema);
        environment = ReplicaProcess.sharedStore(schema, Files.createTempDirectory(target, "replicas-results-"));
        // The production 10 s, not the shared 2 s: a run handed over at a graceful stop is taken over well within it.
        environment.put("MODELGATE_STORE_LEASE_EXPIRY", LEASE_EXPIRY.toMillis() + "ms");
        // Milliseconds in the replicas' logs: a hand-over and a takeover are a fraction of a second apart.
        environment.put("QUARKUS_LOG_CONSOLE_FORMAT", "%d{HH:mm:ss.SSS} %-5p [%c{3.}] %s%e%n");
        // One model, the spectra model the library needs: the run asks a prompt system, and loading every bundled
        // model took a replica 15 s of its start.
        Path models = Files.createTempDirectory(target, "replicas-models-");
        TestFolders.copyTree(TestFolders.FIXTURES.resolve(SPECTRA_MODEL), models.resolve(SPECTRA_MODEL));
        Files.copy(TestFolders.dataDir().resolve("ms2deepscore/testmodel_v1.onnx"),
                models.resolve(SPECTRA_MODEL).resolve("model.onnx"));
        Path tasks = Files.createTempDirectory(target, "replicas-tasks-"); // the bundled ones and the model's own
        TestFolders.copyTree(Path.of("tasks"), tasks);
        TestFolders.copyTree(TestFolders.FIXTURE_TASKS.resolve("pesticide-pairs"), tasks.resolve("pesticide-pairs"));
        environment.put("MODELGATE_MODELS_DIR", models.toString());
        environment.put("MODELGATE_TASKS_DIR", tasks.toString());
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

    @BeforeEach
    void bothReplicasRunning() {
        llm.dropHeld();
        llm.reset();
        if (!a.isAlive()) {
            a = ReplicaProcess.start("a", environment);
            a.awaitReady(START_WITHIN);
        }
    }

    @AfterAll
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
    @Order(1)
    void aLibraryBuiltThroughOneReplicaIsSearchedThroughTheOtherAndDeletedThroughItFromBoth() throws Exception {
        on(a).contentType("application/x-mgf").body(Files.readAllBytes(Pesticides.MGF))
                .post("/api/libraries/pesticides?model=" + SPECTRA_MODEL).then().statusCode(201)
                .body("count", equalTo(76));
        Supplier<String> libraries = () -> "GET /api/libraries on a: " + answer(a, "/api/libraries") + "\n--- on b: "
                + answer(b, "/api/libraries");
        await(() -> on(b).get("/api/libraries/pesticides").statusCode() == 200, "B serves the library A built",
                libraries);
        on(b).get("/api/libraries/pesticides").then().statusCode(200).body("count", equalTo(76))
                .body("model", equalTo(SPECTRA_MODEL));

        String id = "CCMSLIB00001058235"; // the file's first spectrum
        JsonPath found = on(b).contentType(ContentType.TEXT).body(Pesticides.firstSpectra(1))
                .post("/api/libraries/pesticides/search?k=5").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> hits = found.getList("results[0].hits");
        assertEquals(5, hits.size(), hits.toString());
        // Several spectra of one compound can embed alike; the query itself must be among the best, at ≈ 1.
        assertEquals(1.0, ((Number) hits.get(0).get("score")).doubleValue(), 1e-5, hits.toString());
        assertTrue(hits.stream().anyMatch(h -> id.equals(h.get("spectrum_id"))), hits.toString());

        on(b).delete("/api/libraries/pesticides").then().statusCode(204);
        await(() -> on(a).get("/api/libraries/pesticides").statusCode() == 404, "A drops the library deleted through B",
                libraries);
        assertFalse(on(a).get("/api/libraries").then().statusCode(200).extract().jsonPath()
                .getList("libraries.name").contains("pesticides"));
    }

    @Test
    @Order(2)
    void aRunOfAReplicaStoppedGracefullyIsTakenOverByTheOtherAtOnceWithEveryExampleAskedOnceAndOneLedgerRow()
            throws Exception {
        llm.setDefault(Reply.slow(Duration.ofMillis(200), "Adelie"));
        String id = start(a, true);
        await(() -> llm.requestCount() >= 20, "A asked 20 examples", () -> runState(id));
        assertEquals("running", status(b, id), "B follows A's run");
        assertTrue(owner(id).startsWith(a.pid() + "@"), "A owns the run: " + owner(id));

        Instant terminated = Instant.now();
        a.terminate();
        await(() -> owner(id).startsWith(b.pid() + "@"), "B takes the run over",
                () -> runState(id) + "\n--- owner: " + owner(id));
        Duration takenOverAfter = Duration.between(terminated, Instant.now());
        // Killed, A's lease would have to expire first (10 s) and B look again (500 ms): a hand-over is far quicker.
        assertTrue(takenOverAfter.compareTo(HANDED_OVER_WITHIN) < 0, "taken over " + takenOverAfter.toMillis()
                + " ms after A's SIGTERM (" + terminated + "); a lease expiry takes " + LEASE_EXPIRY.toMillis() + " ms\n--- a:\n"
                + a.logTail() + "\n--- b:\n" + b.logTail());
        assertTrue(a.awaitExit(Duration.ofSeconds(20)), "A exits within its shutdown grace");
        await(() -> "complete".equals(status(b, id)), "B finishes the run", () -> runState(id));

        assertEveryExampleAskedOnceAndOneLedgerRow(id);
        assertTrue(Files.readString(a.log()).contains("run " + id + " of " + PROMPT + " handed over at shutdown"),
                "A says it handed the run over:\n" + a.logTail());
    }

    @Test
    @Order(3)
    void aRunOfAKilledReplicaIsFinishedByTheOtherWithEveryExampleAskedOnceAndOneLedgerRow() throws Exception {
        // A run of A cancelled through B: the request waits in the store until A's next heartbeat. The LLM holds
        // A's requests, so the run is running whenever B looks, however slow the machine.
        llm.setDefault(Reply.slow(Duration.ofMillis(500), "Adelie"));
        llm.hold();
        String cancelled = start(a, false);
        await(() -> "running".equals(status(b, cancelled)), "B sees the run A runs, from A's heartbeat",
                () -> runState(cancelled));
        on(b).delete("/api/runs/" + cancelled).then().statusCode(200).body("cancelling", equalTo(true));
        llm.dropHeld(); // the requests in flight fail (and are retried); A asks no more once it saw the cancel
        await(() -> "cancelled".equals(status(a, cancelled)), "A stops the run cancelled through B",
                () -> runState(cancelled));
        await(() -> "cancelled".equals(status(b, cancelled)), "B reads the run's last state from the store",
                () -> runState(cancelled));

        llm.reset();
        llm.setDefault(Reply.slow(Duration.ofMillis(200), "Adelie"));
        // A gets 20 answers, then the LLM holds every request: A is mid-way whenever the test looks. What A was
        // answered is saved, what it asks after is never answered (A dies waiting): no answer is lost, none paid twice.
        int answeredByA = 20;
        llm.holdAfter(answeredByA);
        String id = start(a, true); // start_over: none of the cancelled run's answers count
        await(() -> "running".equals(status(b, id)), "B sees the run A runs, from A's first heartbeat",
                () -> runState(id));
        CompletableFuture<String> eventsOnB = CompletableFuture.supplyAsync(() -> events(b, id));
        await(() -> llm.heldCount() >= 1 && llm.requestCount() == answeredByA, "A has its 20 answers and waits for the LLM",
                () -> runState(id));
        await(() -> saved(b, id) == answeredByA, "A saved every answer it got (within 200 ms)", () -> runState(id));
        await(() -> Integer.valueOf(answeredByA).equals(on(b).get("/api/runs/" + id).path("progress.done")),
                "B sees A's progress as of A's last heartbeat", () -> runState(id));
        assertEquals("running", status(b, id), "B follows A's run");

        a.kill();
        llm.dropHeld();

        Instant killed = Instant.now();
        await(() -> "complete".equals(status(b, id)), "B takes the run over and finishes it", () -> runState(id));
        assertTrue(Duration.between(killed, Instant.now()).toSeconds() < 30, "taken over within seconds");

        assertEveryExampleAskedOnceAndOneLedgerRow(id);
        String events = eventsOnB.get();
        assertTrue(events.contains("\"status\":\"running\"") && events.contains("\"status\":\"complete\""), events);
    }

    /** Every example of run {@code id} asked of the LLM exactly once, as the fake server counts, and one ledger row. */
    private void assertEveryExampleAskedOnceAndOneLedgerRow(String id) {
        Map<String, Long> asked = llm.requests().stream().filter(r -> r.path().equals(FakeOpenAiServer.CHAT_COMPLETIONS_PATH))
                .collect(Collectors.groupingBy(MultiReplicaIT::question, Collectors.counting()));
        JsonPath run = on(b).get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
        int total = run.getInt("progress.total");
        assertEquals(69, total);
        assertEquals(total, asked.size(), "every example was asked");
        assertEquals(Map.of(), asked.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), () -> "no example was asked twice;"
                + " the failed answers saved: " + failedAnswers(id));
        List<String> ledgerRows = on(b).get("/api/runs").then().statusCode(200).extract().jsonPath().getList("id");
        assertEquals(1, ledgerRows.stream().filter(id::equals).count(), "one ledger row: " + ledgerRows);
    }

    /** The examples of run {@code id} saved as failed, with why: an answer lost that will be asked again. */
    private String failedAnswers(String id) {
        try (Connection connection = database.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select example_id, error from run_answers where run_id = ? and error is not null order by seq")) {
            select.setString(1, id);
            StringBuilder failed = new StringBuilder();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    failed.append("\n  ").append(row.getString(1)).append(": ").append(row.getString(2));
                }
            }
            return failed.length() == 0 ? "none" : failed.toString();
        } catch (SQLException e) {
            return "(cannot read them: " + e.getMessage() + ")";
        }
    }

    /** The replica that holds run {@code id}'s lease, as its {@code runs} row says; empty when nobody does. */
    private String owner(String id) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("select owner from runs where id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() && row.getString(1) != null ? row.getString(1) : "";
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read the owner of run " + id, e);
        }
    }

    private static RequestSpecification on(ReplicaProcess replica) {
        return given().baseUri(replica.baseUri());
    }

    private static String start(ReplicaProcess replica, boolean startOver) {
        return on(replica).contentType(ContentType.JSON).body("{\"task\": \"penguins\", \"system\": \"" + PROMPT + "\","
                + " \"start_over\": " + startOver + "}").post("/api/runs").then().statusCode(202).extract().path("id");
    }

    /** How many answers of run {@code id} the store holds, as {@code replica} reads them. */
    private static int saved(ReplicaProcess replica, String id) {
        return on(replica).get("/api/runs/" + id + "?examples=true").then().statusCode(200).extract().jsonPath()
                .getList("examples").size();
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

    /** Waits for {@code condition}; failing, says what {@code state} tells (what replicas answered), then their logs. */
    private void await(BooleanSupplier condition, String what, Supplier<String> state) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 60 s: " + what + "\n--- " + state.get() + "\n--- a:\n" + a.logTail()
                        + "\n--- b:\n" + b.logTail());
            }
            TestSupport.sleep(100);
        }
    }

    /** What each replica answers about run {@code id}, and how often the LLM was asked. */
    private String runState(String id) {
        return "GET /api/runs/" + id + " on a: " + answer(a, "/api/runs/" + id) + "\n--- on b: "
                + answer(b, "/api/runs/" + id) + "\n--- the LLM was asked " + llm.requestCount() + " times, holds "
                + llm.heldCount();
    }

    /** What {@code replica} answers to GET {@code path}: status code and body, or why it did not answer. */
    private static String answer(ReplicaProcess replica, String path) {
        if (!replica.isAlive()) {
            return "(not running)";
        }
        try {
            io.restassured.response.Response response = on(replica).get(path);
            return response.statusCode() + " " + response.asString();
        } catch (RuntimeException e) {
            return "(no answer: " + e + ")";
        }
    }
}
