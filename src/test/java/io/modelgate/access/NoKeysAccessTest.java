package io.modelgate.access;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Without a keys file (the tests' default): admin requests from the loopback address are answered, from another
 * address refused, and a state change a web page on another site could make (a text/plain or form body) is
 * refused with 415 before it changes anything.
 */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class NoKeysAccessTest {

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    @Test
    void aCrossSiteTextPlainUnloadIsRefusedAndTheModelStaysReady() {
        given().header("Origin", "http://evil.example").contentType("text/plain").body("x")
                .post("/v2/repository/models/penguins-mlp/unload").then().statusCode(415)
                .body("error", containsString("POST /v2/repository/models/penguins-mlp/unload takes application/json"))
                .body("error", containsString("not Content-Type 'text/plain'"));
        get("/v2/models/penguins-mlp/ready").then().statusCode(200);
    }

    @Test
    void formAndTypelessBodiesToStateChangesAreRefused() {
        given().contentType("application/x-www-form-urlencoded").body("task=penguins").post("/api/runs").then()
                .statusCode(415).body("error", containsString("not Content-Type 'application/x-www-form-urlencoded'"));
        given().contentType("multipart/form-data; boundary=x").body("--x--".getBytes(StandardCharsets.UTF_8)).post("/v2/repository/index").then()
                .statusCode(415);
        given().contentType("text/plain").body("BEGIN IONS\nEND IONS\n".getBytes(StandardCharsets.UTF_8)).post("/api/libraries/hijacked?replace=true")
                .then().statusCode(415).body("error", containsString("application/x-mgf"));
        given().contentType("text/plain").body("x").delete("/api/libraries/anything").then().statusCode(415);
        // A bodiless cross-site POST has no type to refuse: its Origin is refused.
        given().header("Origin", "http://evil.example").contentType("text/plain")
                .post("/v2/repository/models/penguins-mlp/unload").then().statusCode(403)
                .body("error", containsString("is not answered to a page of another site (Origin http://evil.example)"));
        // Bytes of no stated JSON type (a browser's fetch of a Blob) are no JSON either.
        given().noContentType().body(new byte[]{'{', '}'}).post("/v2/repository/models/penguins-mlp/unload").then()
                .statusCode(415).body("error", containsString("takes application/json (or no body), not "));
        get("/v2/models/penguins-mlp/ready").then().statusCode(200);
    }

    @Test
    void aTextPlainChatCompletionIsRefusedInOpenAisFormat() {
        given().contentType("text/plain").body("{\"model\": \"default\", \"messages\": []}").post("/v1/chat/completions")
                .then().statusCode(415)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("unsupported_media_type"))
                .body("error.message", containsString("takes application/json"));
    }

    @Test
    void jsonAndBodilessAdminRequestsFromLoopbackAreAnsweredWithoutAKey() {
        given().contentType(ContentType.JSON).body("{\"ready\": true}").post("/v2/repository/index").then().statusCode(200);
        given().post("/v2/repository/models/penguins-mlp/load").then().statusCode(200);
        // An OpenAI client always sends a key; without a keys file it is not checked.
        given().header("Authorization", "Bearer sk-anything").contentType(ContentType.JSON)
                .body("{\"ready\": true}").post("/v2/repository/index").then().statusCode(200);
    }

    @Test
    void anAdminRequestFromAnotherAddressIsRefusedWhileReadsAndInferenceStayOpen() {
        Optional<InetAddress> other = nonLoopbackAddress();
        Assumptions.assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address"
                + " (AccessRulesTest covers the decision with forged addresses)");
        String base = "http://" + other.get().getHostAddress();
        given().baseUri(base).port(RestAssured.port).post("/v2/repository/models/penguins-mlp/unload").then()
                .statusCode(403)
                .body("error", containsString("is answered only from the loopback address while no API keys are configured"));
        given().baseUri(base).port(RestAssured.port).get("/v2/models/penguins-mlp/ready").then().statusCode(200);
        given().baseUri(base).port(RestAssured.port).contentType(ContentType.JSON)
                .body("{\"inputs\": [{\"name\": \"measurements\", \"shape\": [1, 4], \"datatype\": \"FP32\","
                        + " \"data\": [40.3, 18, 195, 3250]}]}")
                .post("/v2/models/penguins-mlp/infer").then().statusCode(200);
        get("/v2/models/penguins-mlp/ready").then().statusCode(200);
    }

    /** An address of this machine that is not loopback (the server listens on 0.0.0.0). */
    private static Optional<InetAddress> nonLoopbackAddress() {
        try {
            return NetworkInterface.networkInterfaces().filter(NoKeysAccessTest::isUp)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
