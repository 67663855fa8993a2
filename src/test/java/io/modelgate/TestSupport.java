package io.modelgate;

import io.restassured.RestAssured;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Helpers the endpoint tests share. */
public final class TestSupport {

    private TestSupport() {
    }

    /** Waits until the first scan of the model repository is done (models load in the background). */
    public static void awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (RestAssured.get("/v2/health/ready").statusCode() == 200) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("the service did not become ready within 60 s");
    }

    /** The temporary results folder (ledger, run files) of this test run. */
    public static Path resultsDir() {
        return Path.of(ConfigProvider.getConfig().getValue("modelgate.results.dir", String.class));
    }

    /** Waits up to 60 s for a benchmark run to complete and returns {@code GET /api/runs/{id}}. */
    public static io.restassured.path.json.JsonPath awaitRunComplete(String id) {
        java.time.Instant deadline = java.time.Instant.now().plus(java.time.Duration.ofSeconds(60));
        while (java.time.Instant.now().isBefore(deadline)) {
            io.restassured.path.json.JsonPath run = io.restassured.RestAssured.get("/api/runs/" + id).then()
                    .statusCode(200).extract().jsonPath();
            if ("complete".equals(run.getString("progress.status"))) {
                return run;
            }
            sleep(50);
        }
        throw new AssertionError("run " + id + " did not complete in 60 s");
    }

    /** The temporary spectral libraries folder of this test run. */
    public static Path librariesDir() {
        return Path.of(ConfigProvider.getConfig().getValue("modelgate.spectra.libraries-dir", String.class));
    }

    /** The temporary model repository of this test run. */
    public static Path repository() {
        return Path.of(ConfigProvider.getConfig().getValue("modelgate.models.dir", String.class));
    }

    /**
     * A copy of penguins-mlp under another name in the test repository, not loaded yet: a model of one test alone,
     * whose metrics and state no other test touches. Any earlier copy of that name is replaced.
     */
    public static Path copyOfPenguinsAs(String name) throws IOException {
        Path copy = repository().resolve(name);
        TestFolders.deleteTree(copy);
        TestFolders.copyTree(repository().resolve("penguins-mlp"), copy);
        Files.writeString(copy.resolve("model.yaml"), Files.readString(copy.resolve("model.yaml"))
                .replace("name: penguins-mlp", "name: " + name));
        return copy;
    }

    /** Whether a JSON number (RestAssured reads them as Float or Double) is within {@code tolerance} of {@code expected}. */
    public static Matcher<Object> near(double expected, double tolerance) {
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object actual) {
                return actual instanceof Number number && Math.abs(number.doubleValue() - expected) <= tolerance;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a number within " + tolerance + " of " + expected);
            }
        };
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
