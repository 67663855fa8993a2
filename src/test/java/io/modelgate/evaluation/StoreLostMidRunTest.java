package io.modelgate.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelgate.FakeLlmResource;
import io.modelgate.ForwardedDatabaseResource;
import io.modelgate.TcpForwarder;
import io.modelgate.TestDatabase;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.prompting.FakeOpenAiServer;
import io.modelgate.prompting.FakeOpenAiServer.Reply;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's database lost mid-run, end to end (issue #14): the service reaches PostgreSQL through a forwarder the
 * test cuts while a run asks the fake LLM. The run pauses (the LLM gets no new request while the database is away,
 * only the examples in flight finish) and readiness says not ready; given the database back, the run goes on by
 * itself and completes with every example asked once, answered once and one ledger row.
 */
@QuarkusTest
@TestProfile(ForwardedStoreProfile.class)
@EnabledIfEnvironmentVariable(named = TestDatabase.URL, matches = ".+",
        disabledReason = "PostgreSQL tests need MODELGATE_TEST_JDBC_URL; ./test starts a cluster and sets it")
@WithTestResource(value = TestFolders.class, initArgs = @ResourceArg(name = TestFolders.RESULTS_FOR, value = "StoreLostMidRunTest"))
@WithTestResource(FakeLlmResource.class)
@WithTestResource(ForwardedDatabaseResource.class)
class StoreLostMidRunTest {

    private static final String PROMPT = "penguins-zero-shot@default";
    /**
     * Requests the LLM may still get after the cut: the examples in flight (two batches of two) and those the batch
     * threads sent before the first heartbeat that failed told them (one heartbeat, 200 ms, against 300 ms replies).
     */
    private static final int IN_FLIGHT_AT_THE_CUT = 6;

    @Inject
    DataSource database;

    @Test
    void aRunPausesWhileTheDatabaseIsCutAndCompletesOnceItIsBackWithEveryExampleAskedAndAnsweredOnce() throws Exception {
        TestSupport.awaitReady();
        FakeOpenAiServer llm = FakeLlmResource.server();
        TcpForwarder forwarder = ForwardedDatabaseResource.forwarder();
        llm.reset();
        llm.setDefault(Reply.slow(Duration.ofMillis(300), "Adelie"));
        String id = given().contentType(ContentType.JSON).body("{\"task\": \"penguins\", \"system\": \"" + PROMPT + "\","
                + " \"start_over\": true}").post("/api/runs").then().statusCode(202).extract().path("id");
        await(() -> chatRequests(llm) >= 10, "the run asked 10 examples", Duration.ofSeconds(30));

        forwarder.cut();
        int atTheCut = chatRequests(llm);
        await(() -> get("/q/health/ready").statusCode() == 503, "readiness says not ready", Duration.ofSeconds(5));
        get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'store' }.status", org.hamcrest.Matchers.equalTo("DOWN"));
        // Paused: the examples in flight finish, then nothing is asked for as long as the database is away.
        await(new Steady(llm, Duration.ofSeconds(2)), "the LLM gets no new request", Duration.ofSeconds(10));
        int paused = chatRequests(llm);
        assertTrue(paused - atTheCut <= IN_FLIGHT_AT_THE_CUT, "asked " + atTheCut + " at the cut, " + paused + " after");
        assertTrue(paused < 69, "the run is paused mid-way, not finished: " + paused);
        TestSupport.sleep(1500); // longer than the lease's expiry: coming back must not hand the run to anyone else
        assertEquals(paused, chatRequests(llm), "nothing asked while the database is cut");

        forwarder.restore();
        TestSupport.awaitRunComplete(id);
        get("/q/health/ready").then().statusCode(200);

        Map<String, Long> asked = llm.requests().stream()
                .filter(r -> r.path().equals(FakeOpenAiServer.CHAT_COMPLETIONS_PATH))
                .collect(Collectors.groupingBy(StoreLostMidRunTest::question, Collectors.counting()));
        assertEquals(69, asked.size(), "every example was asked");
        assertEquals(Map.of(), asked.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "no example was asked twice");
        assertEquals(69, count("select count(*) from run_answers where run_id = ?", id), "one answer per example");
        assertEquals(69, count("select count(distinct example_id) from run_answers where run_id = ?", id));
        assertEquals(1, count("select count(*) from ledger_rows where run_id = ?", id));
    }

    private static int chatRequests(FakeOpenAiServer llm) {
        return (int) llm.requests().stream().filter(r -> r.path().equals(FakeOpenAiServer.CHAT_COMPLETIONS_PATH)).count();
    }

    /** The question of a chat-completions request: its last (user) message, one per example of the test set. */
    private static String question(FakeOpenAiServer.RecordedRequest request) {
        JsonNode messages = request.json().path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }

    /** True once the LLM's request count has not moved for {@code quiet}. */
    private static final class Steady implements BooleanSupplier {
        private final FakeOpenAiServer llm;
        private final Duration quiet;
        private int last = -1;
        private Instant since = Instant.now();

        Steady(FakeOpenAiServer llm, Duration quiet) {
            this.llm = llm;
            this.quiet = quiet;
        }

        @Override
        public boolean getAsBoolean() {
            int now = chatRequests(llm);
            if (now != last) {
                last = now;
                since = Instant.now();
            }
            return Duration.between(since, Instant.now()).compareTo(quiet) >= 0;
        }
    }

    private static void await(BooleanSupplier condition, String what, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + within.toSeconds() + " s: " + what);
            }
            TestSupport.sleep(50);
        }
    }

    private long count(String query, String id) throws SQLException {
        return TestDatabase.count(database, query, id);
    }
}
