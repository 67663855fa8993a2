package io.modelgate.spectra;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.modelgate.TestFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ms2DeepScoreSettingsTest {

    static final Path TEST_MODEL = TestFolders.dataDir().resolve("ms2deepscore/testmodel_v1.onnx");

    /** The keys tensorisation needs, in the form ms2deepscore's exporter writes (json.dumps of get_dict()). */
    static String settingsJson(String additionalMetadata) {
        return "{\"min_mz\": 10, \"max_mz\": 20, \"mz_bin_width\": 0.5, \"intensity_scaling\": 0.5, "
                + "\"embedding_dim\": 8, \"ionisation_mode\": \"both\", \"base_dims\": [4], \"learning_rate\": 0.00025, "
                + "\"same_prob_bins\": [[0.0, 0.5], [0.5, 1.0]], \"additional_metadata\": " + additionalMetadata + "}";
    }

    @Test
    void readsTheSettingsOfTheRealTestModelFromItsOnnxMetadata() throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(TEST_MODEL.toString(), new OrtSession.SessionOptions())) {
            Ms2DeepScoreSettings settings = Ms2DeepScoreSettings.fromCustomMetadata(session.getMetadata().getCustomMetadata());

            assertEquals(0.0, settings.minMz());
            assertEquals(200.0, settings.maxMz());
            assertEquals(0.2, settings.mzBinWidth());
            assertEquals(0.5, settings.intensityScaling());
            assertEquals(100, settings.embeddingDim());
            assertEquals(List.of(), settings.additionalMetadata());
            assertEquals("positive", settings.ionisationMode());
            // int((200 - 0) / 0.2) = int(1000.0) = 1000, the model's spectra_tensors width
            assertEquals(1000, settings.numberOfBins());
            assertEquals(0, settings.metadataWidth());
        }
    }

    @ParameterizedTest(name = "int(({1} - {0}) / {2}) = {3}")
    @CsvSource({
            // (200 - 0) / 0.2 = 1000.0 exactly in double
            "0, 200, 0.2, 1000",
            // ms2deepscore's defaults: 990 / 0.1 = 9900.000000000002 -> 9900
            "10, 1000, 0.1, 9900",
            // 0.6 / 0.2 = 2.9999999999999996 in double: Python's int() truncates it to 2, not 3
            "0, 0.6, 0.2, 2",
            // 1 / 0.3 = 3.33 -> 3: the last, partial bin is not counted
            "0, 1, 0.3, 3",
    })
    void countsBinsAsPythonsIntOfTheDoubleQuotient(double minMz, double maxMz, double width, int bins) {
        String json = "{\"min_mz\": " + minMz + ", \"max_mz\": " + maxMz + ", \"mz_bin_width\": " + width
                + ", \"intensity_scaling\": 0.5, \"embedding_dim\": 3}";
        assertEquals(bins, Ms2DeepScoreSettings.fromJson(json).numberOfBins());
    }

    @Test
    void readsEveryMetadataFeatureGeneratorInOrder() {
        Ms2DeepScoreSettings settings = Ms2DeepScoreSettings.fromJson(settingsJson("""
                [["StandardScaler", {"metadata_field": "precursor_mz", "mean": 200.0, "standard_deviation": 250.0}],
                 ["CategoricalToBinary", {"metadata_field": "ionmode", "entries_becoming_one": "positive",
                                          "entries_becoming_zero": ["negative", 0]}],
                 ["StandardScaler", {"metadata_field": "retention_time", "mean": 5, "standard_deviation": null}],
                 ["OneHotEncoder", {"metadata_field": "instrument_type", "entries_becoming_one": "Orbitrap"}]]"""));

        assertEquals(List.of(
                new MetadataFeature.StandardScaler("precursor_mz", 200.0, 250.0),
                new MetadataFeature.CategoricalToBinary("ionmode", List.of("positive"), List.of("negative", 0.0)),
                new MetadataFeature.StandardScaler("retention_time", 5.0, null),
                new MetadataFeature.OneHotEncoder("instrument_type", "Orbitrap")), settings.additionalMetadata());
        assertEquals(4, settings.metadataWidth());
        assertEquals(20, settings.numberOfBins());
        assertEquals(8, settings.embeddingDim());
        assertEquals("both", settings.ionisationMode());
    }

    @Test
    void readsTheOlderFormWhereEachFeatureIsItsOwnJsonText() {
        Ms2DeepScoreSettings settings = Ms2DeepScoreSettings.fromJson(settingsJson(
                "[\"[\\\"StandardScaler\\\", {\\\"metadata_field\\\": \\\"precursor_mz\\\", \\\"mean\\\": 0, "
                        + "\\\"standard_deviation\\\": 1000}]\"]"));

        assertEquals(List.of(new MetadataFeature.StandardScaler("precursor_mz", 0.0, 1000.0)),
                settings.additionalMetadata());
    }

    @Test
    void takesNoAdditionalMetadataAsNone() {
        Ms2DeepScoreSettings settings = Ms2DeepScoreSettings.fromJson(
                "{\"min_mz\": 0, \"max_mz\": 10, \"mz_bin_width\": 1, \"intensity_scaling\": 1, \"embedding_dim\": 2}");

        assertEquals(0, settings.metadataWidth());
        assertNull(settings.ionisationMode());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"max_mz\": 200, \"mz_bin_width\": 0.2, \"intensity_scaling\": 0.5, \"embedding_dim\": 5}"
                    + "|setting 'min_mz' is missing; expected a number",
            "{\"min_mz\": \"0\", \"max_mz\": 200, \"mz_bin_width\": 0.2, \"intensity_scaling\": 0.5, \"embedding_dim\": 5}"
                    + "|setting 'min_mz' is \"0\"; expected a number",
            "{\"min_mz\": 0, \"max_mz\": 200, \"mz_bin_width\": 0, \"intensity_scaling\": 0.5, \"embedding_dim\": 5}"
                    + "|setting 'mz_bin_width' is 0.0; expected a number above 0",
            "{\"min_mz\": 0, \"max_mz\": 200, \"mz_bin_width\": 0.2, \"intensity_scaling\": NaN, \"embedding_dim\": 5}"
                    + "|setting 'intensity_scaling' is NaN; expected a finite number",
            "{\"min_mz\": 200, \"max_mz\": 100, \"mz_bin_width\": 0.2, \"intensity_scaling\": 0.5, \"embedding_dim\": 5}"
                    + "|settings 'min_mz' 200.0, 'max_mz' 100.0 and 'mz_bin_width' 0.2 give no bins",
            "{\"min_mz\": 0, \"max_mz\": 200, \"mz_bin_width\": 0.2, \"intensity_scaling\": 0.5}"
                    + "|setting 'embedding_dim' is missing; expected a whole number",
            "{\"min_mz\": 0, \"max_mz\": 200, \"mz_bin_width\": 0.2, \"intensity_scaling\": 0.5, \"embedding_dim\": 5,"
                    + " \"additional_metadata\": [[\"MinMaxScaler\", {\"metadata_field\": \"precursor_mz\"}]]}"
                    + "|setting 'additional_metadata[0]' names the feature generator 'MinMaxScaler'; expected "
                    + "StandardScaler, CategoricalToBinary or OneHotEncoder",
            "{\"min_mz\": 0, \"max_mz\": 200, \"mz_bin_width\": 0.2, \"intensity_scaling\": 0.5, \"embedding_dim\": 5,"
                    + " \"additional_metadata\": [[\"StandardScaler\", {\"metadata_field\": \"precursor_mz\"}]]}"
                    + "|setting 'additional_metadata[0].mean' is missing; expected a number",
            "{\"min_mz\": 0, \"max_mz\": 200, \"mz_bin_width\": 0.2, \"intensity_scaling\": 0.5, \"embedding_dim\": 5,"
                    + " \"additional_metadata\": [[\"CategoricalToBinary\", {\"metadata_field\": \"ionmode\","
                    + " \"entries_becoming_one\": \"positive\"}]]}"
                    + "|setting 'additional_metadata[0].entries_becoming_zero' is missing",
            "[1, 2]|the settings are ARRAY; expected a JSON object of ms2deepscore settings",
            "{\"min_mz\": |the settings are not valid JSON",
    })
    void refusesSettingsItCannotTensoriseWithAMessageNamingTheSetting(String json, String message) {
        Ms2DeepScoreModelException e = assertThrows(Ms2DeepScoreModelException.class,
                () -> Ms2DeepScoreSettings.fromJson(json));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void refusesAModelWithoutTheSettingsKey() {
        Ms2DeepScoreModelException e = assertThrows(Ms2DeepScoreModelException.class,
                () -> Ms2DeepScoreSettings.fromCustomMetadata(Map.of("producer", "someone")));
        assertEquals("the model has no custom metadata 'settings'; an ms2deepscore ONNX export stores its settings "
                + "JSON there (found keys: [producer])", e.getMessage());
    }
}
