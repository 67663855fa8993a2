package io.modelgate.serving;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.get;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a poll interval the folder is watched; with strict readiness a failed model keeps the service unready. */
@QuarkusTest
@TestProfile(PollingAndStrictReadinessTest.Polling.class)
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class PollingAndStrictReadinessTest {

    public static class Polling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("modelgate.models.poll-interval", "200ms", "modelgate.models.strict-readiness", "true");
        }
    }

    private static void eventually(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "not within 30 s: " + what);
            TestSupport.sleep(100);
        }
    }

    @Test
    void pollPicksUpChangesAndReadinessWaitsForEveryModel() throws IOException {
        Path repository = TestSupport.repository();
        eventually("penguins-mlp ready", () -> get("/v2/models/penguins-mlp/ready").statusCode() == 200);
        // The broken fixture model keeps a strict service unready, on both health endpoints.
        assertTrue(get("/v2/health/ready").statusCode() == 503);
        assertTrue(get("/q/health/ready").statusCode() == 503);

        TestFolders.deleteTree(repository.resolve("broken"));
        eventually("the service ready once the broken model's folder is gone", () -> get("/v2/health/ready").statusCode() == 200);
        assertTrue(get("/q/health/ready").statusCode() == 200);

        Path added = repository.resolve("polled-in");
        TestFolders.copyTree(TestFolders.FIXTURES.resolve("versioned"), added);
        Files.writeString(added.resolve("model.yaml"), "name: polled-in\noutputs:\n  - {name: y, kind: value}\n");
        eventually("a new folder served", () -> get("/v2/models/polled-in/ready").statusCode() == 200);

        TestFolders.deleteTree(added);
        eventually("a removed folder no longer served", () -> get("/v2/models/polled-in").statusCode() == 404);
    }
}
