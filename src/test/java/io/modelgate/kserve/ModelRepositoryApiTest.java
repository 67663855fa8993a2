package io.modelgate.kserve;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Triton's repository extension: index, load and unload, on model folders each test makes for itself. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class ModelRepositoryApiTest {

    private static final String X = "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 3], \"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}";

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    private static Path copyOfVersioned(String name) throws IOException {
        Path target = TestSupport.repository().resolve(name);
        TestFolders.deleteTree(target);
        TestFolders.copyTree(TestFolders.FIXTURES.resolve("versioned"), target);
        Files.writeString(target.resolve("model.yaml"), Files.readString(target.resolve("model.yaml"))
                .replace("name: versioned", "name: " + name));
        return target;
    }

    private static void load(String name, int status) {
        given().post("/v2/repository/models/" + name + "/load").then().statusCode(status);
    }

    @Test
    void indexListsEveryVersionAndFiltersReadyOnes() {
        given().contentType(ContentType.JSON).body("{}").post("/v2/repository/index").then().statusCode(200)
                .body("find { it.name == 'broken' }.state", equalTo("UNAVAILABLE"))
                .body("find { it.name == 'broken' }.reason", containsString("ONNX Runtime cannot load"))
                .body("find { it.name == 'penguins-mlp' }.state", equalTo("READY"));
        given().contentType(ContentType.JSON).body("{\"ready\": true}").post("/v2/repository/index").then().statusCode(200)
                .body("state", everyItem(equalTo("READY")))
                .body("name", not(hasItem("broken")));
        given().contentType(ContentType.JSON).body("{\"ready\": \"yes\"}").post("/v2/repository/index").then().statusCode(400)
                .body("error", equalTo("field 'ready' of the index request must be true or false, got \"yes\""));
        // The body is optional: curl -X POST without one works.
        given().post("/v2/repository/index").then().statusCode(200).body("name", hasItem("penguins-mlp"));
        given().contentType(ContentType.JSON).body("{\"ready\": ").post("/v2/repository/index").then().statusCode(400)
                .body("error", containsString("invalid JSON body"));
    }

    @Test
    void newFolderIsServedAfterLoadAndGoneAfterUnload() throws IOException {
        copyOfVersioned("added-at-run-time");
        given().contentType(ContentType.JSON).body(X).post("/v2/models/added-at-run-time/infer").then().statusCode(404);
        load("added-at-run-time", 200);
        given().contentType(ContentType.JSON).body(X).post("/v2/models/added-at-run-time/infer").then().statusCode(200)
                .body("outputs[0].data", contains(3f, 4f, 5f));

        given().post("/v2/repository/models/added-at-run-time/unload").then().statusCode(200);
        given().contentType(ContentType.JSON).body(X).post("/v2/models/added-at-run-time/infer").then().statusCode(503)
                .body("error", containsString("model 'added-at-run-time' has no ready version: unloaded"));
        get("/v2/models/added-at-run-time/ready").then().statusCode(503);
        // An unloaded model stays unloaded through a rescan until it is loaded again.
        given().contentType(ContentType.JSON).body("{}").post("/v2/repository/index").then().statusCode(200);
        get("/v2/models/added-at-run-time/ready").then().statusCode(503);
        load("added-at-run-time", 200);
        get("/v2/models/added-at-run-time/ready").then().statusCode(200);
    }

    @Test
    void newVersionFolderBecomesTheDefaultAfterLoad() throws IOException {
        Path model = copyOfVersioned("gains-a-version");
        load("gains-a-version", 200);
        Path three = model.resolve("3");
        Files.createDirectories(three);
        Files.copy(model.resolve("2/model.onnx"), three.resolve("model.onnx"));
        load("gains-a-version", 200);
        get("/v2/models/gains-a-version").then().body("versions", contains("3", "2", "1")).body("parameters.version", equalTo("3"));
        given().contentType(ContentType.JSON).body(X).post("/v2/models/gains-a-version/infer").then().statusCode(200)
                .body("model_version", equalTo("3"));
    }

    @Test
    void failedReloadKeepsTheLoadedVersionServing() throws IOException {
        Path model = copyOfVersioned("reload-fails");
        load("reload-fails", 200);
        Files.writeString(model.resolve("2/model.onnx"), "not a model any more");
        given().post("/v2/repository/models/reload-fails/load").then().statusCode(400)
                .body("error", containsString("failed to load 'reload-fails': version 2: ONNX Runtime cannot load"));
        given().contentType(ContentType.JSON).body(X).post("/v2/models/reload-fails/versions/2/infer").then().statusCode(200)
                .body("outputs[0].data", contains(3f, 4f, 5f));
        get("/v2/models/reload-fails/versions/2").then().statusCode(200)
                .body("parameters.state", equalTo("READY"))
                .body("parameters.reason", containsString("the last reload failed, the version loaded before serves on"));
    }

    @Test
    void newVersionThatFailsToLoadLeavesTheDefaultAlone() throws IOException {
        Path model = copyOfVersioned("bad-new-version");
        load("bad-new-version", 200);
        Files.createDirectories(model.resolve("3"));
        Files.writeString(model.resolve("3/model.onnx"), "garbage");
        load("bad-new-version", 400);
        get("/v2/models/bad-new-version/versions/3").then().statusCode(200).body("parameters.state", equalTo("UNAVAILABLE"));
        given().contentType(ContentType.JSON).body(X).post("/v2/models/bad-new-version/infer").then().statusCode(200)
                .body("model_version", equalTo("2"));
    }

    @Test
    void invalidModelYamlIsReportedWithItsReason() throws IOException {
        Path model = copyOfVersioned("bad-yaml");
        Files.writeString(model.resolve("model.yaml"), "name: bad-yaml\nlabels: [a, b]\noutputs:\n  - {name: y, kind: maybe}\n");
        given().post("/v2/repository/models/bad-yaml/load").then().statusCode(400)
                .body("error", containsString("model.yaml is invalid"));
        Files.writeString(model.resolve("model.yaml"), "name: someone-else\n");
        given().post("/v2/repository/models/bad-yaml/load").then().statusCode(400)
                .body("error", containsString("names the model 'someone-else' but its folder is 'bad-yaml'"));
        Files.writeString(model.resolve("model.yaml"), "name: bad-yaml\nlabels: [a, b]\n");
        given().post("/v2/repository/models/bad-yaml/load").then().statusCode(400)
                .body("error", containsString("model.yaml lists labels, so output 'y' needs kind: logits or probabilities"));
        Files.writeString(model.resolve("model.yaml"), "  \n");
        given().post("/v2/repository/models/bad-yaml/load").then().statusCode(400)
                .body("error", containsString("model.yaml is empty; it needs at least 'name: bad-yaml'"));
    }

    @Test
    void removedFolderDisappearsOnTheNextIndex() throws IOException {
        Path model = copyOfVersioned("short-lived");
        load("short-lived", 200);
        TestFolders.deleteTree(model);
        given().contentType(ContentType.JSON).body("{}").post("/v2/repository/index").then().statusCode(200)
                .body("name", not(hasItem("short-lived")));
        get("/v2/models/short-lived").then().statusCode(404);
    }

    @Test
    void loadAndUnloadOfUnknownOrInvalidNames() {
        given().post("/v2/repository/models/not-there/load").then().statusCode(404)
                .body("error", containsString("failed to load 'not-there': no folder"));
        given().post("/v2/repository/models/not-there/unload").then().statusCode(404)
                .body("error", equalTo("failed to unload 'not-there': no such model in the repository"));
        given().post("/v2/repository/models/..%2Fetc/load").then().statusCode(400)
                .body("error", containsString("is not a model name"));
    }
}
