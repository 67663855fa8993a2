package io.modelgate.kserve;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.systems.Servables;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which V2 requests are answered on the I/O thread that received them: those of a small ONNX model once its runs
 * are timed short, never a prompt system's (it waits for an LLM) or an unknown version's; and their answers are
 * the same as those handed to a worker thread.
 */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class InlineAnswersTest {

    private static final String PENGUIN = "{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4], \"datatype\": \"FP32\","
            + " \"data\": [40.3, 18, 195, 3250]}]}";

    @Inject
    Servables servables;

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    @Test
    void aSmallModelIsAnsweredInlineOnceItsRunsAreTimedAndAnswersStayTheSame() {
        for (int i = 0; i < 20; i++) {
            given().contentType(ContentType.JSON).body(PENGUIN).post("/v2/models/penguins-mlp/infer").then().statusCode(200)
                    .body("outputs[0].data", contains(3.153217f, -2.079796f, -5.6072154f));
        }
        assertTrue(servables.get("penguins-mlp").answersInline(Optional.empty()));
        assertTrue(servables.get("penguins-mlp").answersInline(Optional.of("1")));
    }

    @Test
    void unknownVersionsAndPromptSystemsAreHandedToAWorker() {
        assertFalse(servables.get("penguins-mlp").answersInline(Optional.of("7")));
        assertFalse(servables.get("penguins-mlp").answersInline(Optional.of("latest")));
        assertFalse(servables.get("penguins-zero-shot@default").answersInline(Optional.empty()));
    }
}
