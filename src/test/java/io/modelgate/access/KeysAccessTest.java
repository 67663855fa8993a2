package io.modelgate.access;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a keys file and {@code modelgate.auth.inference=key}: each request needs a key with its role. */
@QuarkusTest
@TestProfile(KeysAccessTest.WithKeys.class)
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class KeysAccessTest {

    static final String ADMIN = "admin-key-AAAA0123456789";
    static final String INFER = "infer-key-IIII0123456789";
    static final String UNKNOWN = "unknown-key-UUUU0123456789";

    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(Path.of("target"));
                Path keys = Files.createTempFile(Path.of("target").toAbsolutePath(), "keys-", ".txt");
                Files.writeString(keys, "# the tests' keys\n" + ADMIN + " admin\n\n" + INFER + " infer\n");
                // Everything at DEBUG reaches the log handlers (the console stays at INFO), so the test sees it.
                return Map.of("modelgate.auth.keys-file", keys.toString(), "modelgate.auth.inference", "key",
                        "quarkus.log.level", "DEBUG", "quarkus.log.console.level", "INFO");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final String PENGUIN = "{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4],"
            + " \"datatype\": \"FP32\", \"data\": [40.3, 18, 195, 3250]}]}";

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("org.apache.http")) {
                return; // RestAssured, the test's own client in this JVM, logging the headers it sends
            }
            StringWriter text = new StringWriter();
            text.append(record.getLoggerName()).append(' ').append(record instanceof ExtLogRecord ext
                    ? ext.getFormattedMessage() : record.getMessage());
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(String.valueOf(parameter));
                }
            }
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            log.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureTheLog() {
        TestSupport.awaitReady();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aKeyWithTheInferRoleCannotUnload() {
        given().header("X-API-Key", INFER).post("/v2/repository/models/penguins-mlp/unload").then().statusCode(403)
                .body("error", equalTo("the API key has no 'admin' role, which POST /v2/repository/models/penguins-mlp/unload needs"));
        get("/v2/models/penguins-mlp/ready").then().statusCode(200);
    }

    @Test
    void theAdminKeyCanUnloadAndLoadAsBearerOrXApiKey() {
        given().header("Authorization", "Bearer " + ADMIN).post("/v2/repository/models/toy-linear/unload").then()
                .statusCode(200);
        get("/v2/models/toy-linear/ready").then().statusCode(503);
        given().header("X-API-Key", ADMIN).post("/v2/repository/models/toy-linear/load").then().statusCode(200);
        get("/v2/models/toy-linear/ready").then().statusCode(200);
    }

    @Test
    void withoutAKeyAdminAndInferenceAnswer401WithAChallengeEvenFromLoopback() {
        given().post("/v2/repository/models/penguins-mlp/unload").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"modelgate\"")
                .body("error", containsString("needs an API key with the 'admin' role: send it as 'Authorization: Bearer <key>'"));
        given().contentType(ContentType.JSON).body(PENGUIN).post("/v2/models/penguins-mlp/infer").then().statusCode(401)
                .body("error", containsString("needs an API key with the 'infer' role"));
        given().header("X-API-Key", UNKNOWN).contentType(ContentType.JSON).body(PENGUIN)
                .post("/v2/models/penguins-mlp/infer").then().statusCode(401)
                .body("error", equalTo("the API key sent is not one of the configured keys"));
        get("/v2/models/penguins-mlp/ready").then().statusCode(200);
    }

    @Test
    void inferAndAdminKeysInferOnTheLeanRoute() {
        given().header("Authorization", "Bearer " + INFER).contentType(ContentType.JSON).body(PENGUIN)
                .post("/v2/models/penguins-mlp/infer").then().statusCode(200).body("model_name", equalTo("penguins-mlp"));
        given().header("X-API-Key", ADMIN).contentType(ContentType.JSON).body(PENGUIN)
                .post("/v2/models/penguins-mlp/infer").then().statusCode(200);
    }

    @Test
    void librarySearchNeedsOnlyTheInferRoleButCreateNeedsAdmin() {
        given().header("X-API-Key", INFER).contentType("text/plain").body("BEGIN IONS\nEND IONS\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/libraries/none-such/search").then().statusCode(404);
        given().header("X-API-Key", INFER).contentType("application/x-mgf").body("BEGIN IONS\nEND IONS\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/libraries/none-such").then().statusCode(403);
    }

    @Test
    void readsStayOpen() {
        get("/v2/models/penguins-mlp").then().statusCode(200);
        get("/api/runs").then().statusCode(200);
        get("/q/health/ready").then().statusCode(200);
        get("/q/metrics").then().statusCode(200);
    }

    /** Authentication is not proactive: a path no permission names never reads the key, so a probe costs no lookup. */
    @Test
    void pathsThatNeedNoRoleIgnoreAnUnknownKey() {
        given().header("X-API-Key", UNKNOWN).get("/v2/health/live").then().statusCode(200);
        given().header("Authorization", "Bearer " + UNKNOWN).get("/v2/models/penguins-mlp").then().statusCode(200);
    }

    @Test
    void chatCompletionsWithAnUnknownKeyAnswerOpenAisFormat401() {
        given().header("Authorization", "Bearer " + UNKNOWN).contentType(ContentType.JSON)
                .body("{\"model\": \"default\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"modelgate\"")
                .body("error.message", equalTo("the API key sent is not one of the configured keys"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_api_key"));
        // The infer key passes the check: the unknown model is the route's own answer.
        given().header("Authorization", "Bearer " + INFER).contentType(ContentType.JSON)
                .body("{\"model\": \"none-such\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(404).body("error.code", equalTo("model_not_found"));
    }

    @Test
    void noKeyReachesTheLogAtDebug() {
        given().header("Authorization", "Bearer " + ADMIN).post("/v2/repository/models/penguins-mlp/load").then().statusCode(200);
        given().header("X-API-Key", INFER).post("/v2/repository/models/penguins-mlp/unload").then().statusCode(403);
        given().header("X-API-Key", UNKNOWN).post("/v2/repository/models/penguins-mlp/unload").then().statusCode(401);
        given().header("Authorization", "Bearer " + UNKNOWN).contentType(ContentType.JSON).body("{\"model\": \"default\"}")
                .post("/v1/chat/completions").then().statusCode(401);
        assertTrue(log.stream().anyMatch(line -> line.contains("DEBUG") || !line.isEmpty()),
                "the capture saw nothing, so it proves nothing");
        for (String key : List.of(ADMIN, INFER, UNKNOWN)) {
            assertFalse(log.stream().anyMatch(line -> line.contains(key)), "the log names a key: "
                    + log.stream().filter(line -> line.contains(key)).findFirst().orElse(""));
        }
    }
}
