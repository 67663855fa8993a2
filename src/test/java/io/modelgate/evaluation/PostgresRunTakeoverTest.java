package io.modelgate.evaluation;

import io.modelgate.TestDatabase;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.tasks.Example;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.delete;
import static io.restassured.RestAssured.given;
import static io.restassured.RestAssured.get;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * This service among replicas that share its PostgreSQL: another replica's run (a row owned by someone else, written
 * here as that replica would) is answered, followed and cancelled through this one, and a run whose owner stopped
 * renewing its lease is taken over and finished, asking only what the dead owner had not saved.
 */
@QuarkusTest
@TestProfile(PostgresLeaseProfile.class)
@EnabledIfEnvironmentVariable(named = TestDatabase.URL, matches = ".+",
        disabledReason = "PostgreSQL tests need MODELGATE_TEST_JDBC_URL; ./test starts a cluster and sets it")
@WithTestResource(value = TestFolders.class, initArgs = @ResourceArg(name = TestFolders.RESULTS_FOR, value = "PostgresRunTakeoverTest"))
class PostgresRunTakeoverTest {

    @Inject
    DataSource database;
    @Inject
    RunPlanner planner;
    @Inject
    RunStore runs;

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    /** A run of penguins-mlp as a replica saved it: its spec (the test file's checksum now), none of its answers. */
    private RunPlan planned(String id) {
        RunPlan plan = planner.plan(new RunRequest("penguins", null, "penguins-mlp", null, false));
        RunSpec spec = new RunSpec(id, plan.spec().task(), plan.spec().testSet(), plan.spec().testSetSha256(),
                plan.spec().system(), null, Instant.now());
        runs.create(spec);
        return plan;
    }

    private void ownedElsewhere(String id, String heartbeat, RunProgress progress) throws Exception {
        update("update runs set status = 'running', owner = 'other-replica', heartbeat_at = now() + cast(? as interval),"
                + " progress = cast(? as json) where id = ?", heartbeat,
                progress == null ? null : ResultsJson.MAPPER.writeValueAsString(progress), id);
    }

    @Test
    void aRunWhoseOwnerStoppedRenewingItsLeaseIsTakenOverAndFinishedAskingNoExampleTwice() throws Exception {
        String id = "abandoned-1";
        RunPlan plan = planned(id);
        List<Example> savedByTheDeadOwner = plan.examples().subList(0, 20);
        runs.append(id, savedByTheDeadOwner.stream().map(e -> new ExampleResult(e.id(), e.target().asText(),
                e.target().asText(), false, 1.0, 0, 0, null, null, null)).toList());
        ownedElsewhere(id, "-1 hour", null);

        TestSupport.awaitRunComplete(id);

        assertEquals(69, count("select count(*) from run_answers where run_id = ?", id), "20 saved + 49 asked now");
        assertEquals(69, count("select count(distinct example_id) from run_answers where run_id = ?", id));
        assertEquals(1, count("select count(*) from ledger_rows where run_id = ?", id));
        assertEquals(1, count("select count(*) from runs where id = ? and status = 'stopped' and owner is null", id));
    }

    @Test
    void aRunTakenOverGoesOnUnderTheMaxCostAndExampleTimeoutItWasStartedWith() {
        RunPlan started = planner.plan(new RunRequest("penguins", null, "penguins-mlp", null, false, 0.25, 2.5));
        RunSpec asked = started.spec();
        String id = "limited-1";
        runs.create(new RunSpec(id, asked.task(), asked.testSet(), asked.testSetSha256(), asked.system(), null,
                Instant.now(), asked.maxCost(), asked.exampleTimeoutS()));

        RunPlan resumed = planner.resume(runs.spec(id).orElseThrow());

        assertEquals(new RunPlan.Limits(0.25, Duration.ofMillis(2500)), resumed.limits());
    }

    @Test
    void startingARunAnotherLiveReplicaOwnsIsAConflictNamingWhereItRuns() throws Exception {
        String id = "owned-elsewhere-1";
        planned(id);
        ownedElsewhere(id, "1 hour", new RunProgress(id, "penguins-mlp", "penguins-test", 3, 69, 0, "running", null, 0));

        given().contentType(ContentType.JSON).body("{\"task\": \"penguins\", \"system\": \"penguins-mlp\"}")
                .post("/api/runs").then().statusCode(409)
                .body("error", containsString("run '" + id + "' of penguins-mlp is running elsewhere"));
        assertEquals(1, count("select count(*) from runs where id = ? and owner = 'other-replica'", id),
                "the owner keeps its run");
    }

    @Test
    void aRunOfAnotherReplicaIsAnsweredFollowedAndCancelledThroughThisOne() throws Exception {
        String id = "elsewhere-1";
        planned(id);
        ownedElsewhere(id, "1 hour", new RunProgress(id, "penguins-mlp", "penguins-test", 7, 69, 1, "running", null, 0));

        get("/api/runs/" + id).then().statusCode(200).body("progress.done", equalTo(7))
                .body("progress.status", equalTo("running"));

        delete("/api/runs/" + id).then().statusCode(200).body("cancelling", equalTo(true));
        assertEquals(1, count("select count(*) from runs where id = ? and cancel_requested", id),
                "the cancel waits in the store for the owner's heartbeat");

        // The owner, at its heartbeat, stops the run and gives it up; the events sent here end with that.
        CompletableFuture<Void> owner = CompletableFuture.runAsync(() -> {
            TestSupport.sleep(1500);
            try {
                update("update runs set status = 'stopped', owner = null, heartbeat_at = null, progress = cast(? as json)"
                        + " where id = ?", ResultsJson.MAPPER.writeValueAsString(new RunProgress(id, "penguins-mlp",
                        "penguins-test", 8, 69, 1, "cancelled", null, 0)), id, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String events = get("/api/runs/" + id + "/events").then().statusCode(200).extract().asString();
        owner.join();
        assertTrue(events.contains("\"done\":7") && events.contains("\"status\":\"cancelled\""), events);

        delete("/api/runs/" + id).then().statusCode(404).body("error", containsString(id));
    }

    private void update(String sql, String first, String second, String third) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, first);
            update.setString(2, second);
            if (third != null) {
                update.setString(3, third);
            }
            assertEquals(1, update.executeUpdate());
        }
    }

    private long count(String query, String id) throws SQLException {
        return TestDatabase.count(database, query, id);
    }
}
