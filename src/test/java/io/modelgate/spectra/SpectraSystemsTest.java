package io.modelgate.spectra;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.spectra.formats.Spectrum;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.get;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spectrum-similarity systems through the task API and the runner, on the pesticide-pairs fixture task:
 * matchms' CosineGreedy and ms2deepscore's testmodel_v1 (cosine of embeddings).
 */
@QuarkusTest
@WithTestResource(value = TestFolders.class, initArgs = @ResourceArg(name = TestFolders.RESULTS_FOR, value = "SpectraSystemsTest"))
@WithTestResource(FakeLlmResource.class)
class SpectraSystemsTest {

    private static final String A = "{\"mz\": [81.0, 105.1, 150.2], \"intensities\": [0.5, 1.0, 0.2], \"precursor_mz\": 183.1}";
    private static final String B = "{\"mz\": [81.05, 119.0, 150.25], \"intensities\": [0.5, 0.7, 0.2]}";

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    @Test
    void bothSystemsAreListedForTheSimilarityTask() {
        get("/api/systems").then().statusCode(200)
                .body("find { it.name == 'cosine-greedy' }.task", equalTo("pesticide-pairs"))
                .body("find { it.name == 'cosine-greedy' }.kind", equalTo("similarity-function"))
                .body("find { it.name == 'ms2deepscore-testmodel' }.task", equalTo("pesticide-pairs"))
                .body("name", hasItems("cosine-greedy", "ms2deepscore-testmodel"));
    }

    @Test
    void cosineGreedyScoresAPairThroughTheTaskApi() {
        // Matched within 0.1: 81.0–81.05 (0.25) and 150.2–150.25 (0.04); norms √1.29 and √0.78.
        double expected = (0.5 * 0.5 + 0.2 * 0.2) / Math.sqrt((0.25 + 1 + 0.04) * (0.25 + 0.49 + 0.04));
        given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"spectrum_a\": " + A + ", \"spectrum_b\": " + B + "}, {\"spectrum_a\": " + A
                        + ", \"spectrum_b\": " + A + "}]}")
                .post("/api/systems/cosine-greedy/predict").then().statusCode(200)
                .body("predictions[0].value", TestSupport.near(expected, 1e-6))
                .body("predictions[1].value", TestSupport.near(1.0, 1e-6));
        given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"spectrum_a\": " + A + ", \"spectrum_b\": " + B + "}]}")
                .post("/api/systems/ms2deepscore-testmodel/predict").then().statusCode(200)
                .body("predictions[0].value", TestSupport.near(0.5, 0.5));
    }

    @Test
    void badPairsAreRefused() {
        given().contentType(ContentType.JSON).body("{\"instances\": [{\"spectrum_a\": " + A + "}]}")
                .post("/api/systems/cosine-greedy/predict").then().statusCode(400)
                .body("error", startsWith("instances[0]: missing field 'spectrum_b'"));
        given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"spectrum_a\": " + A + ", \"spectrum_b\": {\"mz\": [], \"intensities\": []}}]}")
                .post("/api/systems/ms2deepscore-testmodel/predict").then().statusCode(400)
                .body("error", equalTo("instances[0].spectrum_b has no peaks; a spectrum needs at least one to be compared"));
        given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"spectrum_a\": " + A + ", \"spectrum_b\": {\"mz\": [1], \"intensities\": [NaN]}}]}")
                .post("/api/systems/cosine-greedy/predict").then().statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"instances\": [{\"spectrum_a\": " + A + ", \"spectrum_b\": \"CCMSLIB00001058235\"}]}")
                .post("/api/systems/cosine-greedy/predict").then().statusCode(400)
                .body("error", startsWith("instances[0].spectrum_b must be a spectrum object"));
    }

    @Test
    void theRunnerScoresBothOnTheSamePairs() {
        JsonPath greedy = awaitComplete(start("cosine-greedy"));
        JsonPath model = awaitComplete(start("ms2deepscore-testmodel"));
        for (JsonPath run : new JsonPath[]{greedy, model}) {
            assertEquals(30, run.getInt("run.n"));
            assertEquals("pesticide-pairs-test@0f222a70dc7f28ab11bd7c130457b7242be78c3f7cb39ba5c9dec6eb9eef212c",
                    run.getString("run.test_set"));
            double rmse = run.getDouble("run.metrics.rmse.value");
            assertTrue(rmse > 0 && rmse < 1, "rmse " + rmse);
        }
        // cosine-greedy is the service's own code: its row carries the checkout's commit, as a model's does.
        assertTrue(greedy.getString("run.git_commit").matches("[0-9a-f]{12}(-dirty)?"), greedy.getString("run.git_commit"));
        get("/api/comparisons?task=pesticide-pairs&test_set=pesticide-pairs-test").then().statusCode(200)
                .body("comparisons[0].n", equalTo(30));
    }

    @Test
    void ourModelGivesItsCardsRmseOnTheMassBankTestPairsAndThePromptIsAsked() {
        JsonPath model = awaitComplete(start("spectra", "ms2deepscore-massbank"));
        assertEquals(876, model.getInt("run.n"));
        // models/ms2deepscore-massbank/MODEL_CARD.md: test RMSE 0.2178 on these pairs (the training script's numbers).
        assertEquals(0.2178, model.getDouble("run.metrics.rmse.value"), 0.0005);
        assertEquals("spectra-test@d52c71f5c3509f53c6d099cdb628a52a1a84496150fcdc616244ddd62b0408e7",
                model.getString("run.test_set"));
        // Per Tanimoto bin, as the card lists them: 0.287 in (…, 0.1] (100 pairs), 0.223 in (0.8, 0.9] (31 pairs).
        assertEquals(100, model.getInt("scores.per_bin[0].n"));
        assertEquals(0.287, model.getDouble("scores.per_bin[0].rmse"), 0.0005);
        assertEquals(31, model.getInt("scores.per_bin[8].n"));
        assertEquals(0.223, model.getDouble("scores.per_bin[8].rmse"), 0.0005);

        io.modelgate.prompting.FakeOpenAiServer llm = FakeLlmResource.server();
        llm.setDefault(io.modelgate.prompting.FakeOpenAiServer.Reply.answer("0.35"));
        JsonPath prompt = awaitComplete(start("spectra", "spectra-zero-shot@default"));
        assertEquals(876, prompt.getInt("run.n"));
        assertEquals(0.0, prompt.getDouble("run.metrics.invalid_rate.value"), 1e-12);
        String asked = llm.requests().stream().map(r -> r.body())
                .filter(b -> b.contains("precursor m/z 329.2475")).findFirst().orElseThrow();
        // Pair spectra-test-0001: MSBNK-BGC_Munich-RP029601 (precursor 329.2475) against MSBNK-LCSB-LU128505;
        // no structure of either reaches the LLM.
        assertTrue(asked.contains("Spectrum A: precursor m/z 329.2475, "), asked);
        assertTrue(!asked.contains("SMILES") && !asked.contains("InChI"), asked);
    }

    private static String start(String system) {
        return start("pesticide-pairs", system);
    }

    private static String start(String task, String system) {
        return given().contentType(ContentType.JSON)
                .body("{\"task\": \"" + task + "\", \"system\": \"" + system + "\", \"start_over\": true}")
                .post("/api/runs").then().statusCode(202).extract().path("id");
    }

    private static JsonPath awaitComplete(String id) {
        return TestSupport.awaitRunComplete(id);
    }
}
