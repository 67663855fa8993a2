package io.modelgate.serving;

import io.modelgate.FakeLlmResource;
import io.modelgate.LogCapture;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

import static io.modelgate.PrometheusSamples.scrape;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A model loaded, unloaded and loaded again keeps one readiness gauge that tells its current state, and Micrometer
 * is never asked to register a gauge twice (it would log that the meter is "already registered" and keep the old
 * one). A copy of penguins-mlp loaded by this test alone, so that no other class's gauge can be mistaken for it.
 */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class GaugeReRegistrationTest {

    private static final String PROBE = "gauge-probe";
    private static final String READY = "modelgate_model_ready{execution_provider=\"CPUExecutionProvider\",model=\""
            + PROBE + "\",version=\"1\"}";

    private final LogCapture capture = new LogCapture();

    @BeforeEach
    void copyProbe() throws IOException {
        TestSupport.awaitReady();
        TestSupport.copyOfPenguinsAs(PROBE);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void removeProbe() {
        Logger.getLogger("").removeHandler(capture);
        given().post("/v2/repository/models/" + PROBE + "/unload");
        TestFolders.deleteTree(TestSupport.repository().resolve(PROBE));
    }

    @Test
    void loadUnloadLoadKeepsOneGaugeThatTellsTheCurrentStateAndNoAlreadyRegisteredWarning() {
        given().post("/v2/repository/models/" + PROBE + "/load").then().statusCode(200);
        assertEquals(1.0, scrape().get(READY), "loaded");
        given().post("/v2/repository/models/" + PROBE + "/unload").then().statusCode(200);
        assertEquals(0.0, scrape().get(READY), "unloaded");
        given().post("/v2/repository/models/" + PROBE + "/load").then().statusCode(200);
        assertEquals(1.0, scrape().get(READY), "loaded again");

        List<String> alreadyRegistered = capture.records().stream()
                .map(r -> r.getLevel() + " [" + r.getLoggerName() + "] " + r.getMessage())
                .filter(line -> line.contains("already registered")).toList();
        assertEquals(List.of(), alreadyRegistered, "no meter is registered twice");
    }
}
