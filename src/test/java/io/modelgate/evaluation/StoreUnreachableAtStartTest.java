package io.modelgate.evaluation;

import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.ResourceArg;
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
import static org.hamcrest.Matchers.not;

/**
 * The postgresql store selected, its database away at start (nothing listens on its port): the service starts all
 * the same, says why the store is not ready, and serves inference; runs and the ledger answer 503. Needs no database.
 */
@QuarkusTest
@TestProfile(StoreUnreachableAtStartTest.DatabaseAway.class)
@WithTestResource(value = TestFolders.class, initArgs = @ResourceArg(name = TestFolders.RESULTS_FOR, value = "StoreUnreachableAtStartTest"))
class StoreUnreachableAtStartTest {

    static final String PASSWORD = "never-shown-7f3a";

    public static class DatabaseAway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("modelgate.store", "postgresql",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/modelgate?password=" + PASSWORD,
                    "quarkus.datasource.username", "modelgate",
                    "quarkus.datasource.password", PASSWORD,
                    "quarkus.datasource.jdbc.acquisition-timeout", "2s");
        }
    }

    @Test
    void theServiceStartsNotReadyNamingTheDatabaseWithoutItsPassword() {
        TestSupport.awaitReady();
        get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'store' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'store' }.data.reason",
                        containsString("the store's database cannot be reached at jdbc:postgresql://127.0.0.1:1/modelgate?password=***"))
                .body(not(containsString(PASSWORD)));
    }

    @Test
    void inferenceIsServedWhileTheStoreIsAway() {
        TestSupport.awaitReady();
        given().contentType(ContentType.JSON).body("{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4],"
                + " \"datatype\": \"FP32\", \"data\": [40.3, 18, 195, 3250]}]}").post("/v2/models/penguins-mlp/infer")
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"instances\": [{\"bill_length_mm\": 40.3, \"bill_depth_mm\": 18,"
                + " \"flipper_length_mm\": 195, \"body_mass_g\": 3250}]}").post("/api/systems/penguins-mlp/predict")
                .then().statusCode(200).body("predictions[0].label", equalTo("Adelie"));
    }

    @Test
    void theLedgerAnswers503WithoutThePassword() {
        get("/api/runs").then().statusCode(503).body("error", containsString("PostgreSQL"))
                .body(not(containsString(PASSWORD)));
    }
}
