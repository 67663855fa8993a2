package io.modelgate.spectra;

import io.modelgate.errors.InvalidInputException;
import io.modelgate.spectra.formats.Spectrum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tensorisation against values worked out by hand from ms2deepscore's rules ({@code tensorize_spectra.py}:
 * keep {@code min_mz <= mz < max_mz}, bin {@code int((mz - min_mz) / mz_bin_width)}, value
 * {@code intensity ** intensity_scaling}, the largest value per bin; {@code MetadataFeatureGenerator.py}).
 */
class SpectrumTensoriserTest {

    private static final String FEATURES = """
            [["StandardScaler", {"metadata_field": "precursor_mz", "mean": 200.0, "standard_deviation": 250.0}],
             ["CategoricalToBinary", {"metadata_field": "ionmode", "entries_becoming_one": "positive",
                                      "entries_becoming_zero": "negative"}],
             ["StandardScaler", {"metadata_field": "retention_time", "mean": 5, "standard_deviation": null}],
             ["OneHotEncoder", {"metadata_field": "instrument_type", "entries_becoming_one": "Orbitrap"}]]""";

    private static Spectrum peaks(double[] mz, double[] intensities) {
        return new Spectrum(mz, intensities, 450.0, "positive", Map.of());
    }

    private static SpectrumTensoriser tensoriser(double scaling, String additionalMetadata) {
        return new SpectrumTensoriser(Ms2DeepScoreSettings.fromJson(Ms2DeepScoreSettingsTest.settingsJson(additionalMetadata)
                .replace("\"intensity_scaling\": 0.5", "\"intensity_scaling\": " + scaling)));
    }

    @Test
    void binsPeaksAtTheEdgesTwoInOneBinAndScaledIntensitiesAsMs2DeepScoreDoes() {
        // min_mz 10, max_mz 20, mz_bin_width 0.5 -> int(10 / 0.5) = 20 bins; intensity_scaling 0.5 (square root).
        //   9.999 int. 0.49 : below min_mz                  -> dropped
        //  10.0   int. 0.64 : exactly min_mz, kept           -> bin int(0.0 / 0.5) = 0, 0.64 ** 0.5 = 0.8
        //  10.2   int. 0.25 : same bin                       -> bin int(0.2 / 0.5) = int(0.4) = 0, 0.25 ** 0.5 = 0.5;
        //                     bin 0 keeps max(0.8, 0.5) = 0.8 (a sum would give 1.3, the last peak 0.5)
        //  12.75  int. 0.09 : middle                         -> bin int(2.75 / 0.5) = int(5.5) = 5, 0.09 ** 0.5 = 0.3
        //  15.0   int. 0.0  : zero intensity                 -> bin int(5.0 / 0.5) = 10, 0.0 ** 0.5 = 0
        //  19.99  int. 1.0  : just below max_mz              -> bin int(9.99 / 0.5) = int(19.98) = 19, 1.0
        //  20.0   int. 0.36 : exactly max_mz, mz < max_mz fails -> dropped
        //  25.0   int. 0.81 : above max_mz                   -> dropped
        // The intensities are taken as given: no normalisation to the largest (matchms does that before).
        Spectrum spectrum = peaks(new double[]{9.999, 10.0, 10.2, 12.75, 15.0, 19.99, 20.0, 25.0},
                new double[]{0.49, 0.64, 0.25, 0.09, 0.0, 1.0, 0.36, 0.81});

        float[] expected = new float[20];
        expected[0] = 0.8f;
        expected[5] = 0.3f;
        expected[19] = 1.0f;
        assertArrayEquals(expected, tensoriser(0.5, "[]").binnedPeaks(spectrum));
    }

    @ParameterizedTest(name = "intensity_scaling {0}")
    @CsvSource({
            // intensity 0.25 at 11.0 (bin int(1.0 / 0.5) = 2), intensity 0.0 at 13.0 (bin 6), 4.0 at 14.0 (bin 8):
            // 1.0: the intensities unchanged
            "1.0, 0.25, 0.0, 4.0",
            // 0.5: square roots 0.5, 0, 2
            "0.5, 0.5, 0.0, 2.0",
            // 2.0: squares 0.0625, 0, 16
            "2.0, 0.0625, 0.0, 16.0",
            // 0.0: every kept peak becomes 1, even the zero one (Python's 0.0 ** 0.0 = 1.0)
            "0.0, 1.0, 1.0, 1.0",
    })
    void raisesEachIntensityToTheScalingPower(double scaling, float bin2, float bin6, float bin8) {
        float[] row = tensoriser(scaling, "[]").binnedPeaks(
                peaks(new double[]{11.0, 13.0, 14.0}, new double[]{0.25, 0.0, 4.0}));

        float[] expected = new float[20];
        expected[2] = bin2;
        expected[6] = bin6;
        expected[8] = bin8;
        assertArrayEquals(expected, row);
    }

    @Test
    void truncatesTheBinIndexInDoublePrecisionLikePython() {
        // min_mz 0, max_mz 1, mz_bin_width 0.2 -> 5 bins. 0.6 / 0.2 = 2.9999999999999996 in double, so Python's
        // int() puts m/z 0.6 in bin 2, not 3; 0.8 / 0.2 = 4.0 exactly -> bin 4.
        SpectrumTensoriser tensoriser = new SpectrumTensoriser(Ms2DeepScoreSettings.fromJson(
                "{\"min_mz\": 0, \"max_mz\": 1, \"mz_bin_width\": 0.2, \"intensity_scaling\": 1, \"embedding_dim\": 2}"));

        assertArrayEquals(new float[]{0, 0, 0.5f, 0, 0.25f},
                tensoriser.binnedPeaks(peaks(new double[]{0.6, 0.8}, new double[]{0.5, 0.25})));
    }

    @Test
    void dropsAPeakWhoseBinRoundsPastTheLastBin() {
        // min_mz 0, max_mz 0.6, mz_bin_width 0.2 -> int(2.9999999999999996) = 2 bins, yet m/z 0.5 < max_mz has bin
        // int(0.5 / 0.2) = int(2.5) = 2: ms2deepscore (numba, no bounds check) writes past its array; here it is dropped.
        SpectrumTensoriser tensoriser = new SpectrumTensoriser(Ms2DeepScoreSettings.fromJson(
                "{\"min_mz\": 0, \"max_mz\": 0.6, \"mz_bin_width\": 0.2, \"intensity_scaling\": 1, \"embedding_dim\": 2}"));

        assertArrayEquals(new float[]{0.75f, 0}, tensoriser.binnedPeaks(peaks(new double[]{0.1, 0.5}, new double[]{0.75, 1})));
    }

    @Test
    void computesMetadataFeaturesInTheSettingsOrder() {
        SpectrumTensoriser tensoriser = tensoriser(0.5, FEATURES);
        Map<String, String> first = Map.of("retention_time", "7.5", "instrument_type", "Orbitrap");
        Map<String, String> second = Map.of("retention_time", "2");
        List<Spectrum> spectra = List.of(
                new Spectrum(new double[]{12.0}, new double[]{0.16}, 450.0, "positive", first),
                new Spectrum(new double[]{}, new double[]{}, 75.0, "negative", second));

        SpectrumTensors tensors = tensoriser.tensorise(spectra);

        // spectrum 0: (450 - 200) / 250 = 1.0; ionmode positive -> 1; retention_time 7.5 with no standard deviation
        //             -> 7.5 - 5 = 2.5; instrument_type Orbitrap == Orbitrap -> 1
        // spectrum 1: (75 - 200) / 250 = -0.5; negative -> 0; 2 - 5 = -3; no instrument_type -> None != Orbitrap -> 0
        assertArrayEquals(new float[]{1.0f, 1, 2.5f, 1, -0.5f, 0, -3, 0}, tensors.metadata());
        assertEquals(2, tensors.count());
        assertEquals(20, tensors.bins());
        assertEquals(4, tensors.metadataWidth());
        assertArrayEquals(new long[]{2, 20}, tensors.spectraShape());
        assertArrayEquals(new long[]{2, 4}, tensors.metadataShape());
        // spectrum 0's only peak: 12.0 -> bin int(2.0 / 0.5) = 4, 0.16 ** 0.5 = 0.4; spectrum 1 has no peaks
        float[] peaks = new float[40];
        peaks[4] = 0.4f;
        assertArrayEquals(peaks, tensors.spectra());
    }

    @Test
    void givesDirectNativeOrderBuffersReadyForOnnxRuntime() {
        SpectrumTensors tensors = tensoriser(0.5, FEATURES).tensorise(List.of(
                new Spectrum(new double[]{12.0}, new double[]{0.16}, 450.0, "positive",
                        Map.of("retention_time", "7.5", "instrument_type", "Orbitrap"))));

        FloatBuffer spectra = tensors.spectraBuffer();
        FloatBuffer metadata = tensors.metadataBuffer();
        assertTrue(spectra.isDirect() && metadata.isDirect());
        assertEquals(ByteOrder.nativeOrder(), spectra.order());
        assertEquals(20, spectra.remaining());
        assertEquals(0.4f, spectra.get(4));
        assertEquals(4, metadata.remaining());
        assertEquals(2.5f, metadata.get(2));
    }

    @Test
    void refusesASpectrumWithoutThePrecursorMzAStandardScalerNeeds() {
        List<Spectrum> spectra = List.of(
                new Spectrum(new double[]{}, new double[]{}, 450.0, "positive", Map.of("retention_time", "1")),
                new Spectrum(new double[]{}, new double[]{}, null, "positive", Map.of("retention_time", "1")));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> tensoriser(0.5, FEATURES).tensorise(spectra));

        assertEquals("spectrum 1: metadata field 'precursor_mz' is missing; this model's StandardScaler expects a "
                + "number there", e.getMessage());
        assertEquals(400, e.status());
    }

    @Test
    void refusesAValueThatIsNotANumberWhereAStandardScalerNeedsOne() {
        Spectrum spectrum = new Spectrum(new double[]{}, new double[]{}, 450.0, "positive",
                Map.of("retention_time", "1e"));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> tensoriser(0.5, FEATURES).tensorise(List.of(spectrum)));

        assertEquals("spectrum 0: metadata field 'retention_time' is '1e'; this model's StandardScaler expects a "
                + "number there", e.getMessage());
    }

    @Test
    void refusesAnIonModeThatCategoricalToBinaryDoesNotKnowOrAMissingOne() {
        Map<String, String> metadata = new HashMap<>(Map.of("retention_time", "1"));
        Spectrum unknown = new Spectrum(new double[]{}, new double[]{}, 450.0, "n/a", metadata);
        Spectrum missing = new Spectrum(new double[]{}, new double[]{}, 450.0, null, metadata);

        InvalidInputException first = assertThrows(InvalidInputException.class,
                () -> tensoriser(0.5, FEATURES).tensorise(List.of(unknown)));
        InvalidInputException second = assertThrows(InvalidInputException.class,
                () -> tensoriser(0.5, FEATURES).tensorise(List.of(missing)));

        assertEquals("spectrum 0: metadata field 'ionmode' is 'n/a'; this model's CategoricalToBinary expects one of "
                + "[positive] (1) or [negative] (0)", first.getMessage());
        assertEquals("spectrum 0: metadata field 'ionmode' is missing; this model's CategoricalToBinary expects one of "
                + "[positive] (1) or [negative] (0)", second.getMessage());
    }

    @Test
    void comparesNumericCategoriesByValueAndNeverAStringWithANumber() {
        // entries_becoming_one [1] (a number), entries_becoming_zero ["0"] (a string). Python's ==: 1 == 1.0 is True,
        // "0" == 0 is False. matchms stores charge as a number, so the text "1.0" counts as the number 1.0.
        SpectrumTensoriser tensoriser = tensoriser(0.5, """
                [["CategoricalToBinary", {"metadata_field": "charge", "entries_becoming_one": [1],
                                          "entries_becoming_zero": "0"}]]""");
        Spectrum one = new Spectrum(new double[]{}, new double[]{}, null, null, Map.of("charge", "1.0"));
        Spectrum zero = new Spectrum(new double[]{}, new double[]{}, null, null, Map.of("charge", "0"));

        assertArrayEquals(new float[]{1, 0}, tensoriser.tensorise(List.of(one, zero)).metadata());
    }

    @Test
    void dividesByNoStandardDeviationOfZeroAsMs2DeepScoreTestsItForTruth() {
        // standard_deviation 0 is falsy in Python: 450 - 400 = 50, not a division by zero
        SpectrumTensoriser tensoriser = tensoriser(0.5, """
                [["StandardScaler", {"metadata_field": "precursor_mz", "mean": 400, "standard_deviation": 0}]]""");

        assertArrayEquals(new float[]{50}, tensoriser.metadataFeatures(peaks(new double[]{}, new double[]{})));
    }

    @Test
    void tensorisesAnEmptyListAsZeroRows() {
        SpectrumTensors tensors = tensoriser(0.5, FEATURES).tensorise(List.of());

        assertEquals(0, tensors.spectra().length);
        assertEquals(0, tensors.metadata().length);
        assertArrayEquals(new long[]{0, 20}, tensors.spectraShape());
    }
}
