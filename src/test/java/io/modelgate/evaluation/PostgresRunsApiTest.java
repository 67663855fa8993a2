package io.modelgate.evaluation;

import io.modelgate.TestDatabase;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.sql.SQLException;

import static io.restassured.RestAssured.get;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A real run through the API on the postgresql store: its answers and its ledger row land in PostgreSQL (and not in
 * the results folder), and the ledger, its exports and the run read them back. Disabled, with that reason in the
 * report, when {@code MODELGATE_TEST_JDBC_URL} is not set; {@code ./test} always sets it.
 */
@QuarkusTest
@TestProfile(PostgresStoreProfile.class)
@EnabledIfEnvironmentVariable(named = TestDatabase.URL, matches = ".+",
        disabledReason = "PostgreSQL tests need MODELGATE_TEST_JDBC_URL; ./test starts a cluster and sets it")
@WithTestResource(value = TestFolders.class, initArgs = @ResourceArg(name = TestFolders.RESULTS_FOR, value = "PostgresRunsApiTest"))
class PostgresRunsApiTest {

    @Inject
    DataSource database;

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    @Test
    void readinessIncludesTheDatabase() {
        get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'store' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'store' }.data.kind", org.hamcrest.Matchers.equalTo("postgresql"));
    }

    @Test
    void aRunStartedThroughTheApiLandsInPostgresqlAndShowsInTheLedgerAndItsExports() throws SQLException {
        String id = RunsApiTest.start("penguins-mlp");
        JsonPath run = TestSupport.awaitRunComplete(id);
        assertEquals(69, run.getInt("run.n"));

        assertEquals(1, count("select count(*) from ledger_rows where run_id = ?", id));
        assertEquals(69, count("select count(*) from run_answers where run_id = ?", id));
        assertEquals(1, count("select count(*) from runs where id = ? and status = 'stopped' and owner is null", id));
        assertFalse(Files.exists(TestSupport.resultsDir().resolve("ledger.jsonl")), "nothing is written to the files store");

        get("/api/runs").then().statusCode(200).body("id", hasItem(id));
        get("/api/runs?format=csv").then().statusCode(200).body(containsString(id + ",penguins-mlp,"));
        get("/api/runs?format=md").then().statusCode(200).body(containsString("| penguins-mlp v"));
        get("/api/runs/" + id + "?examples=true").then().statusCode(200)
                .body("examples.size()", org.hamcrest.Matchers.equalTo(69));
        get("/api/comparisons?task=penguins&test_set=penguins-test").then().statusCode(200).body("runs.id", hasItem(id));
    }

    private long count(String query, String id) throws SQLException {
        return TestDatabase.count(database, query, id);
    }
}
