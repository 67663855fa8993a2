package io.modelgate.prompting;

import io.modelgate.TestFolders;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end, with every logger at DEBUG and a log file: an LLM whose error answer echoes the bearer token leaves
 * neither configured key, nor any tail of the longer one, in the log file. The second key is a prefix of the first,
 * so that blanking the short key first would leave the long key's tail behind.
 */
@QuarkusTest
@TestProfile(SecretsRedactedAtDebugTest.DebugLog.class)
@WithTestResource(TestFolders.class)
class SecretsRedactedAtDebugTest {

    static final String LONG_KEY = "sk-debug-4711-qwertzuiopasdfgh";
    static final String PREFIX_KEY = "sk-debug-4711";
    static final Path LOG_FILE = Path.of("target", "secrets-redacted-at-debug.log");

    public static class DebugLog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.level", "DEBUG",
                    "quarkus.log.console.level", "INFO",
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.level", "DEBUG",
                    "quarkus.log.file.path", LOG_FILE.toString());
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EchoingLlm.class));
        }
    }

    /** The fake OpenAI server as the LLM {@code default} with the long key, and an LLM {@code prefixed} with its prefix. */
    public static class EchoingLlm implements QuarkusTestResourceLifecycleManager {
        private FakeOpenAiServer server;

        @Override
        public Map<String, String> start() {
            server = FakeOpenAiServer.start();
            return Map.of("modelgate.llm.base-url", server.baseUrl(),
                    "modelgate.llm.model", "fake-model",
                    "modelgate.llm.api-key", LONG_KEY,
                    "modelgate.llm.max-retries", "0",
                    "modelgate.llms.prefixed.base-url", server.baseUrl(),
                    "modelgate.llms.prefixed.model", "fake-model",
                    "modelgate.llms.prefixed.api-key", PREFIX_KEY);
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(server, new TestInjector.MatchesType(FakeOpenAiServer.class));
        }

        @Override
        public void stop() {
            server.close();
        }
    }

    FakeOpenAiServer llm;

    @Test
    void anUpstreamErrorThatEchoesTheBearerTokenLeavesNoKeyNorTailOfOneInTheDebugLog() throws Exception {
        llm.reset();
        llm.enqueue(FakeOpenAiServer.Reply.status(401, "Incorrect API key provided: " + FakeOpenAiServer.Reply.AUTHORIZATION));

        given().contentType(ContentType.JSON)
                .body("{\"model\": \"default\", \"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}")
                .post("/v1/chat/completions").then().statusCode(502);

        assertEquals(1, llm.requestCount(), "the request reached the upstream");
        assertEquals("Bearer " + LONG_KEY, llm.lastRequest().header("authorization"), "with the long key");
        Thread.sleep(500); // the file handler writes asynchronously of the answer
        String logged = Files.readString(LOG_FILE, StandardCharsets.UTF_8);
        assertTrue(logged.contains(" DEBUG "), "the log file holds DEBUG records");
        assertTrue(logged.contains("Incorrect API key provided"), "the upstream's error was logged");
        for (int start = 0; start <= LONG_KEY.length() - 6; start++) {
            String tail = LONG_KEY.substring(start);
            assertFalse(logged.contains(tail), "the log file holds '" + tail + "', a tail of the long key");
        }
        assertFalse(logged.contains(PREFIX_KEY), "the log file holds the prefix key");
    }
}
