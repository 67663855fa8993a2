package io.modelgate.spectra;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spectra endpoints with ms2deepscore's own testmodel_v1.onnx, served unchanged from the model
 * repository: embeddings, a pair, a matrix, as JSON or an MGF body, and every kind of bad spectrum.
 */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class SpectraApiTest {

    private static final String MODEL = "?model=ms2deepscore-testmodel";

    /** Two peaks inside testmodel_v1's 0–200 m/z range, one above it. */
    private static final String SPECTRUM_A = "{\"mz\": [81.0, 105.1, 250.0], \"intensities\": [0.5, 1.0, 0.2],"
            + " \"precursor_mz\": 283.1, \"ionmode\": \"positive\", \"metadata\": {\"compound_name\": \"a\"}}";
    private static final String SPECTRUM_B = "{\"mz\": [55.0, 91.05, 119.0], \"intensities\": [0.3, 1.0, 0.7]}";

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    @Test
    void embeddingsOfJsonSpectraComeFromTheUpstreamExport() {
        JsonPath answer = given().contentType(ContentType.JSON).body("{\"spectra\": [" + SPECTRUM_A + ", " + SPECTRUM_B + "]}")
                .post("/api/spectra/embeddings" + MODEL).then().statusCode(200)
                .body("model", equalTo("ms2deepscore-testmodel")).body("version", equalTo(1))
                .body("count", equalTo(2)).body("dimension", equalTo(100))
                .extract().jsonPath();
        List<Float> first = answer.getList("embeddings[0]", Float.class);
        assertEquals(100, first.size());
        first.forEach(v -> assertTrue(Float.isFinite(v) && Math.abs(v) <= 1, "tanh output, got " + v));
        // Unsorted peaks are sorted first: the same spectrum written backwards embeds the same.
        List<Float> backwards = given().contentType(ContentType.JSON)
                .body("{\"spectra\": [{\"mz\": [250.0, 105.1, 81.0], \"intensities\": [0.2, 1.0, 0.5]}]}")
                .post("/api/spectra/embeddings" + MODEL).then().statusCode(200).extract().jsonPath()
                .getList("embeddings[0]", Float.class);
        assertEquals(first, backwards);
    }

    @Test
    void aPairScoresTheCosineOfItsEmbeddingsAndASpectrumWithItselfScoresOne() {
        double self = given().contentType(ContentType.JSON).body("{\"spectra\": [" + SPECTRUM_A + ", " + SPECTRUM_A + "]}")
                .post("/api/spectra/similarity" + MODEL).then().statusCode(200).extract().jsonPath().getDouble("score");
        assertEquals(1.0, self, 1e-6);
        JsonPath pair = given().contentType(ContentType.JSON).body("{\"spectra\": [" + SPECTRUM_A + ", " + SPECTRUM_B + "]}")
                .post("/api/spectra/similarity" + MODEL).then().statusCode(200).extract().jsonPath();
        List<List<Float>> embeddings = given().contentType(ContentType.JSON)
                .body("{\"spectra\": [" + SPECTRUM_A + ", " + SPECTRUM_B + "]}")
                .post("/api/spectra/embeddings" + MODEL).then().statusCode(200).extract().jsonPath().getList("embeddings");
        assertEquals(cosine(embeddings.get(0), embeddings.get(1)), pair.getDouble("score"), 1e-6);
        assertTrue(pair.getDouble("score") < 0.9999, "different spectra, got " + pair.getDouble("score"));
    }

    @Test
    void anMgfBodyGivesTheSameMatrixAsItsSpectraAsJson() throws IOException {
        String mgf = Pesticides.firstSpectra(3);
        JsonPath fromFile = given().contentType(ContentType.TEXT).body(mgf).post("/api/spectra/matrix" + MODEL)
                .then().statusCode(200).body("references", equalTo(3)).body("queries", equalTo(3)).extract().jsonPath();
        List<List<Float>> scores = fromFile.getList("scores");
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, scores.get(i).get(i), 1e-6);
            for (int j = 0; j < 3; j++) {
                assertEquals(scores.get(i).get(j), scores.get(j).get(i), 1e-6, "symmetric");
            }
        }
        List<List<Float>> embeddings = given().contentType(ContentType.TEXT).body(mgf).post("/api/spectra/embeddings" + MODEL)
                .then().statusCode(200).body("count", equalTo(3)).extract().jsonPath().getList("embeddings");
        assertEquals(cosine(embeddings.get(0), embeddings.get(2)), scores.get(0).get(2), 1e-6);
        JsonPath json = given().contentType(ContentType.JSON)
                .body("{\"references\": [" + SPECTRUM_A + "], \"queries\": [" + SPECTRUM_A + ", " + SPECTRUM_B + "]}")
                .post("/api/spectra/matrix" + MODEL).then().statusCode(200).extract().jsonPath();
        assertEquals(1, json.getInt("references"));
        assertEquals(2, json.getInt("queries"));
        assertEquals(1.0, json.getDouble("scores[0][0]"), 1e-6);
    }

    @Test
    void aModelThatReadsMetadataNamesTheSpectrumThatLacksIt() {
        String withMetadata = "?model=spectra-with-metadata";
        // precursor 300 → (300 - 200) / 100 = 1 and positive → 1: tanh(1) in the second and third value.
        JsonPath answer = given().contentType(ContentType.JSON)
                .body("{\"spectra\": [{\"mz\": [1.5, 4.2], \"intensities\": [4, 1], \"precursor_mz\": 300, \"ionmode\": \"positive\"}]}")
                .post("/api/spectra/embeddings" + withMetadata).then().statusCode(200).body("dimension", equalTo(3))
                .extract().jsonPath();
        assertEquals(Math.tanh(1), answer.getDouble("embeddings[0][1]"), 1e-6);
        assertEquals(Math.tanh(1), answer.getDouble("embeddings[0][2]"), 1e-6);
        // Intensities 4 and 1 are normalised to 1 and 0.25, square-rooted to 1 and 0.5, in bins 1 and 4: 0.2·1 + 0.5·0.5.
        assertEquals(Math.tanh(0.2 + 0.25), answer.getDouble("embeddings[0][0]"), 1e-6);
        given().contentType(ContentType.JSON).body("{\"spectra\": [" + SPECTRUM_A + ", " + SPECTRUM_B + "]}")
                .post("/api/spectra/embeddings" + withMetadata).then().statusCode(400)
                .body("error", startsWith("spectra[1]: metadata field 'precursor_mz' is missing"));
        given().contentType(ContentType.JSON).body("{\"references\": [" + SPECTRUM_A + "], \"queries\": [" + SPECTRUM_B + "]}")
                .post("/api/spectra/matrix" + withMetadata).then().statusCode(400)
                .body("error", startsWith("queries[0]: metadata field 'precursor_mz' is missing"));
        given().contentType(ContentType.TEXT).body("BEGIN IONS\nPEPMASS=300\nIONMODE=positive\n5 1\nEND IONS\nBEGIN IONS\n5 1\nEND IONS\n")
                .post("/api/spectra/embeddings" + withMetadata).then().statusCode(400)
                .body("error", startsWith("spectrum 2 of the body: metadata field 'precursor_mz' is missing"));
    }

    @Test
    void withoutAModelTheNewestSpectraModelAnswers() {
        given().contentType(ContentType.JSON).body("{\"spectra\": [" + SPECTRUM_B + "]}")
                .post("/api/spectra/embeddings").then().statusCode(200)
                .body("model", startsWith("ms2deepscore-"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            not an object       | ~[1, 2]~                                                                         | the body must be a JSON object with field 'spectra'
            no spectra          | ~{}~                                                                             | field 'spectra' is required: a non-empty list of spectra
            empty list          | ~{"spectra": []}~                                                                | field 'spectra' is required
            spectrum not object | ~{"spectra": [3]}~                                                               | spectra[0] must be a spectrum object
            no mz               | ~{"spectra": [{"intensities": [1]}]}~                                            | spectra[0].mz is required: a list of numbers
            no peaks            | ~{"spectra": [{"mz": [], "intensities": []}]}~                                   | spectra[0] has no peaks
            zero intensities    | ~{"spectra": [{"mz": [100, 200], "intensities": [0, 0]}]}~                        | spectra[0] has only peaks of intensity 0; a spectrum needs at least one above 0
            lengths differ      | ~{"spectra": [{"mz": [100, 200], "intensities": [1]}]}~                          | spectra[0]: 2 m/z values but 1 intensities
            negative mz         | ~{"spectra": [{"mz": [-5, 100], "intensities": [1, 1]}]}~                        | spectra[0].mz[0] must be a finite number ≥ 0, got -5
            text intensity      | ~{"spectra": [{"mz": [100], "intensities": ["NaN"]}]}~                           | spectra[0].intensities[0] must be a number, got "NaN"
            negative intensity  | ~{"spectra": [{"mz": [100], "intensities": [-1]}]}~                              | spectra[0].intensities[0] must be a finite number ≥ 0, got -1
            bad precursor       | ~{"spectra": [{"mz": [100], "intensities": [1], "precursor_mz": "x"}]}~          | spectra[0].precursor_mz must be a positive number
            bad ionmode         | ~{"spectra": [{"mz": [100], "intensities": [1], "ionmode": "pos"}]}~             | spectra[0].ionmode must be "positive" or "negative", got "pos"
            nested metadata     | ~{"spectra": [{"mz": [100], "intensities": [1], "metadata": {"a": [1]}}]}~       | spectra[0].metadata.a must be text or a number
            unknown field       | ~{"spectra": [{"mz": [100], "intensities": [1], "peaks": []}]}~                  | spectra[0] has an unknown field 'peaks'
            """)
    void badJsonSpectraAreRefusedNamingTheField(String what, String body, String error) {
        given().contentType(ContentType.JSON).body(body).post("/api/spectra/embeddings" + MODEL).then()
                .statusCode(400).body("error", startsWith(error));
        given().get("/v2/models/ms2deepscore-testmodel/ready").then().statusCode(200);
    }

    @Test
    void aMillionPeaksAreRefusedAtTheLimit() {
        StringBuilder mgf = new StringBuilder("BEGIN IONS\nPEPMASS=500\n");
        for (int i = 0; i < 1_000_000; i++) {
            mgf.append(i % 1000).append(".5 1\n");
        }
        mgf.append("END IONS\n");
        // Over the test's 1M body limit too: a large body is refused before it is read.
        given().contentType(ContentType.TEXT).body(mgf.toString()).post("/api/spectra/embeddings" + MODEL).then()
                .statusCode(413);
        StringBuilder json = new StringBuilder("{\"spectra\": [{\"mz\": [");
        for (int i = 0; i < 100_001; i++) {
            json.append(i == 0 ? "" : ",").append(1);
        }
        json.append("], \"intensities\": [1]}]}");
        given().contentType(ContentType.JSON).body(json.toString()).post("/api/spectra/embeddings" + MODEL).then()
                .statusCode(400).body("error", equalTo("spectra[0].mz has 100001 values; a spectrum may have at most"
                        + " 100000 peaks (modelgate.spectra.max-peaks)"));
    }

    @Test
    void badFilesAndRequestsAreRefused() {
        given().contentType(ContentType.TEXT).body("BEGIN IONS\nPEPMASS=100\n100.0 abc\nEND IONS\n")
                .post("/api/spectra/embeddings" + MODEL).then().statusCode(400)
                .body("error", equalTo("the request body line 3: peak intensity \"abc\" is not a number"));
        given().contentType(ContentType.TEXT).body("BEGIN IONS\nPEPMASS=100\nEND IONS\n")
                .post("/api/spectra/embeddings" + MODEL).then().statusCode(400)
                .body("error", equalTo("spectrum 1 of the body has no peaks; a spectrum needs at least one to be compared"));
        given().contentType(ContentType.TEXT).body("hello\n").post("/api/spectra/embeddings" + MODEL).then()
                .statusCode(400).body("error", startsWith("the request body"));
        given().contentType(ContentType.JSON).body("{\"spectra\": [" + SPECTRUM_A + "]}")
                .post("/api/spectra/similarity" + MODEL).then().statusCode(400)
                .body("error", equalTo("a similarity needs exactly 2 spectra, got 1; use /api/spectra/matrix for more"));
        given().contentType(ContentType.JSON).body("{\"spectra\": [" + SPECTRUM_A + "]}")
                .post("/api/spectra/embeddings?model=whales").then().statusCode(404)
                .body("error", startsWith("unknown model 'whales'"));
        given().contentType(ContentType.JSON).body("{\"spectra\": [" + SPECTRUM_A + "]}")
                .post("/api/spectra/embeddings?model=penguins-mlp").then().statusCode(400)
                .body("error", startsWith("model 'penguins-mlp' is not a spectra model"));
        given().contentType("image/png").body(new byte[]{1, 2}).post("/api/spectra/embeddings" + MODEL).then()
                .statusCode(415);
        given().contentType(ContentType.JSON).body("{\"references\": [" + SPECTRUM_A + "]}")
                .post("/api/spectra/matrix" + MODEL).then().statusCode(400)
                .body("error", startsWith("field 'queries' is required"));
    }

    private static double cosine(List<Float> a, List<Float> b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.size(); i++) {
            dot += a.get(i) * b.get(i);
            na += a.get(i) * a.get(i);
            nb += b.get(i) * b.get(i);
        }
        return dot / Math.sqrt(na * nb);
    }
}
