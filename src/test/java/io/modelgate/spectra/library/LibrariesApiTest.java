package io.modelgate.spectra.library;

import io.modelgate.FakeLlmResource;
import io.modelgate.TestFolders;
import io.modelgate.TestSupport;
import io.modelgate.spectra.Pesticides;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spectral libraries with ms2deepscore's testmodel_v1: built from MGF, listed, searched, replaced, deleted. */
@QuarkusTest
@WithTestResource(TestFolders.class)
@WithTestResource(FakeLlmResource.class)
class LibrariesApiTest {

    private static final String MODEL = "ms2deepscore-testmodel";

    @BeforeEach
    void ready() {
        TestSupport.awaitReady();
    }

    private static void createPesticides(String name) throws IOException {
        given().contentType("application/x-mgf").body(Files.readAllBytes(Pesticides.MGF))
                .post("/api/libraries/" + name + "?replace=true&model=" + MODEL).then().statusCode(201)
                .body("name", equalTo(name)).body("count", equalTo(76)).body("dimension", equalTo(100))
                .body("model", equalTo(MODEL)).body("model_version", equalTo(1)).body("source", equalTo("upload"));
    }

    @Test
    void eachLibrarySpectrumFindsItselfFirst() throws IOException {
        createPesticides("pesticides");
        given().get("/api/libraries").then().statusCode(200).body("libraries.name", hasItem("pesticides"));
        String queries = Pesticides.firstSpectra(3);
        JsonPath answer = given().contentType(ContentType.TEXT).body(queries).post("/api/libraries/pesticides/search?k=5")
                .then().statusCode(200).body("library", equalTo("pesticides")).body("k", equalTo(5))
                .extract().jsonPath();
        List<String> ids = List.of("CCMSLIB00001058235", "CCMSLIB00001058238", "CCMSLIB00001058241");
        for (int q = 0; q < 3; q++) {
            String id = ids.get(q);
            List<Map<String, Object>> hits = answer.getList("results[" + q + "].hits");
            assertEquals(5, hits.size());
            assertEquals(id, answer.getString("results[" + q + "].spectrum_id"));
            // Several spectra of one compound can embed alike; the query itself must be among the best at ≈ 1.
            assertEquals(1.0, ((Number) hits.get(0).get("score")).doubleValue(), 1e-5);
            assertTrue(hits.stream().anyMatch(h -> id.equals(h.get("spectrum_id"))), hits.toString());
            for (int rank = 1; rank <= 5; rank++) {
                assertEquals(rank, hits.get(rank - 1).get("rank"));
                if (rank > 1) {
                    assertTrue(((Number) hits.get(rank - 2).get("score")).doubleValue()
                            >= ((Number) hits.get(rank - 1).get("score")).doubleValue());
                }
            }
            Map<String, Object> self = hits.stream().filter(h -> id.equals(h.get("spectrum_id"))).findFirst().orElseThrow();
            assertTrue(self.get("smiles") != null && self.get("inchikey") != null && self.get("compound_name") != null, self.toString());
        }
    }

    @Test
    void thePrecursorFilterKeepsOnlyHitsWithinTheTolerance() throws IOException {
        createPesticides("pesticides-filter");
        JsonPath answer = given().contentType(ContentType.TEXT).body(Pesticides.firstSpectra(1))
                .post("/api/libraries/pesticides-filter/search?k=50&precursor_tolerance=0.01").then().statusCode(200)
                .body("precursor_tolerance", equalTo(0.01f)).extract().jsonPath();
        List<Float> precursors = answer.getList("results[0].hits.precursor_mz", Float.class);
        assertTrue(!precursors.isEmpty() && precursors.size() < 50, precursors.toString());
        precursors.forEach(p -> assertEquals(183.057, p, 0.0101));
    }

    @Test
    void aLibraryFromADataSetOfTheManifestIsPersistedAndCanBeDeleted() {
        given().contentType(ContentType.JSON).body("{\"data_set\": \"ms2deepscore/pesticides_processed.mgf\"}")
                .post("/api/libraries/from-data-set?model=" + MODEL).then().statusCode(201)
                .body("count", equalTo(76)).body("source", equalTo("data set ms2deepscore/pesticides_processed.mgf"));
        Path folder = TestSupport.librariesDir().resolve("from-data-set");
        assertTrue(Files.isRegularFile(folder.resolve("library.json")));
        assertEquals(76L * 100 * 4, folder.resolve("embeddings.f32").toFile().length());
        given().contentType(ContentType.JSON).body("{\"data_set\": \"ms2deepscore/pesticides_processed.mgf\"}")
                .post("/api/libraries/from-data-set?model=" + MODEL).then().statusCode(409)
                .body("error", equalTo("library 'from-data-set' exists; delete it first or add ?replace=true"));
        given().delete("/api/libraries/from-data-set").then().statusCode(204);
        assertTrue(!Files.exists(folder));
        given().get("/api/libraries").then().body("libraries.name", not(hasItem("from-data-set")));
        given().delete("/api/libraries/from-data-set").then().statusCode(404)
                .body("error", startsWith("unknown library 'from-data-set'"));
    }

    @Test
    void badLibraryRequestsAreRefused() throws IOException {
        createPesticides("pesticides-bad");
        String query = Pesticides.firstSpectra(1);
        given().contentType(ContentType.TEXT).body(query).post("/api/libraries/nope/search").then().statusCode(404)
                .body("error", startsWith("unknown library 'nope'"));
        given().contentType(ContentType.TEXT).body(query).post("/api/libraries/pesticides-bad/search?k=0").then()
                .statusCode(400).body("error", equalTo("query parameter 'k' must be between 1 and 1000, got 0"));
        given().contentType(ContentType.TEXT).body(query).post("/api/libraries/pesticides-bad/search?k=1001").then()
                .statusCode(400);
        given().contentType(ContentType.TEXT).body(query).post("/api/libraries/pesticides-bad/search?k=ten").then()
                .statusCode(400).body("error", equalTo("query parameter 'k' must be between 1 and 1000, got ten"));
        given().contentType(ContentType.TEXT).body(query).post("/api/libraries/pesticides-bad/search?precursor_tolerance=-1")
                .then().statusCode(400).body("error", startsWith("query parameter 'precursor_tolerance' must be a number ≥ 0"));
        given().contentType(ContentType.JSON).body("{\"spectra\": [{\"mz\": [100], \"intensities\": [1]}]}")
                .post("/api/libraries/pesticides-bad/search?precursor_tolerance=0.5").then().statusCode(400)
                .body("error", equalTo("query spectrum 1 has no precursor m/z, which precursor_tolerance needs"));
        given().contentType(ContentType.JSON).body("{\"spectra\": [{\"mz\": [100], \"intensities\": [\"x\"]}]}")
                .post("/api/libraries/pesticides-bad/search").then().statusCode(400)
                .body("error", startsWith("spectra[0].intensities[0] must be a number"));
        given().contentType("application/x-mgf").body((query).getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/libraries/.hidden?model=" + MODEL).then()
                .statusCode(400).body("error", startsWith("library name '.hidden' must be"));
        given().contentType("application/x-mgf").body(("").getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/libraries/empty?model=" + MODEL).then()
                .statusCode(400).body("error", startsWith("the request body: cannot tell the format: neither MGF"));
        given().contentType("application/x-mgf").body(("BEGIN IONS\n100 1\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/libraries/broken?model=" + MODEL).then()
                .statusCode(400).body("error", equalTo("the request body line 1: BEGIN IONS is never closed by END IONS (the input ends at line 2)"));
        given().contentType(ContentType.JSON).body("{}").post("/api/libraries/x?model=" + MODEL).then().statusCode(400)
                .body("error", startsWith("field 'data_set' is required"));
        given().contentType(ContentType.JSON).body("{\"data_set\": \"../../etc/passwd\"}").post("/api/libraries/x?model=" + MODEL)
                .then().statusCode(400).body("error", startsWith("data_set '../../etc/passwd' is not in the data-set manifest"));
        given().contentType(ContentType.JSON).body("{\"data_set\": \"cifar10/cifar10-test-jpeg.tar.gz\"}")
                .post("/api/libraries/x?model=" + MODEL).then().statusCode(400)
                .body("error", equalTo("data_set 'cifar10/cifar10-test-jpeg.tar.gz' is not an MGF or MSP file (.mgf, .msp)"));
        String tooMany = "BEGIN IONS\nPEPMASS=200\n100 1\nEND IONS\n".repeat(101);
        given().contentType("application/x-mgf").body((tooMany).getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/libraries/big?model=" + MODEL).then()
                .statusCode(400).body("error", equalTo("upload has more than 100 spectra, the most one library may hold"
                        + " (modelgate.spectra.max-library-spectra)"));
        given().get("/api/libraries").then().body("libraries.name", not(hasItem("empty")))
                .body("libraries.name", not(hasItem("broken")));
        given().get("/v2/health/ready").then().statusCode(200);
    }
}
