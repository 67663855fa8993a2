package io.modelgate.spectra;

import io.modelgate.TestFolders;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.serving.ModelMetadata;
import io.modelgate.spectra.formats.Spectrum;
import io.modelgate.spectra.formats.SpectrumFiles;
import io.modelgate.spectra.formats.SpectrumReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real ms2deepscore export {@code testmodel_v1.onnx} (1000 bins, no metadata, 100-wide embedding) on the first
 * eight spectra of {@code pesticides_processed.mgf}, embedded through the service's own path ({@link SpectraModels}
 * over a model repository); spectra 4, 5 and 6 are one compound (InChIKey GPXLRLUVLMHHIK-UHFFFAOYSA-N), the other
 * five are five other compounds.
 */
class Ms2DeepScoreEmbeddingTest {

    private static final String MODEL = InProcessSpectraModels.TEST_MODEL;
    private static InProcessSpectraModels service;
    private static List<Spectrum> spectra;

    @BeforeAll
    static void load() throws Exception {
        service = InProcessSpectraModels.start();
        try (SpectrumReader reader = SpectrumFiles.open(TestFolders.dataDir().resolve("ms2deepscore/pesticides_processed.mgf"))) {
            spectra = reader.stream().limit(8).toList();
        }
    }

    @AfterAll
    static void close() {
        service.close();
    }

    private static float[][] embed(List<Spectrum> spectra) {
        return service.models.embed(MODEL, spectra).vectors();
    }

    private static Ms2DeepScoreSettings settings() {
        return service.models.settings(service.metadata(MODEL));
    }

    @Test
    void readsTheFixtureSpectraItExpects() {
        assertEquals(8, spectra.size());
        assertEquals(53, spectra.get(0).peakCount());
        assertEquals(183.057, spectra.get(0).precursorMz());
        assertEquals("negative", spectra.get(0).ionmode());
        assertEquals("UYJUZNLFJAWNEZ-UHFFFAOYSA-N", spectra.get(0).get("inchikey"));
        for (int i = 4; i <= 6; i++) {
            assertEquals("GPXLRLUVLMHHIK-UHFFFAOYSA-N", spectra.get(i).get("inchikey"));
        }
    }

    @Test
    void binsTheFirstSpectrumIntoItsThousandBins() {
        float[] row = new SpectrumTensoriser(settings()).binnedPeaks(spectra.get(0));

        // Its first peak, m/z 70.786774 with intensity 0.0007471592824649794: bin int(70.786774 / 0.2) = int(353.93)
        // = 353, value sqrt(0.0007471592824649794) = 0.027334215; 52 of its 53 peaks lie below max_mz 200 and
        // fall into 42 distinct bins (counted with an independent Python binning of the file).
        assertEquals(1000, row.length);
        assertEquals(0.027334215f, row[353]);
        int filled = 0;
        for (float value : row) {
            filled += value > 0 ? 1 : 0;
        }
        assertEquals(42, filled);
    }

    @Test
    void embedsMatchingAnIndependentNumpyForwardPass() {
        float[][] embeddings = embed(spectra);

        // The first five values for spectra 0 and 4 from the model's weights in numpy (Gemm, ReLU, Gemm, ReLU, Gemm,
        // tanh) on tensors binned by a separate Python script from ms2deepscore's rules.
        assertArrayEquals(new float[]{-0.04265071f, -0.07952449f, -0.15357623f, 0.06280038f, -0.07971153f},
                Arrays.copyOf(embeddings[0], 5), 1e-5f);
        assertArrayEquals(new float[]{-0.03902686f, -0.06108203f, -0.14880686f, 0.04382195f, -0.07182138f},
                Arrays.copyOf(embeddings[4], 5), 1e-5f);
    }

    @Test
    void givesFiniteHundredWideEmbeddingsTheSameOnASecondCallAndOneByOne() {
        float[][] batch = embed(spectra);
        float[][] again = embed(spectra);

        assertEquals(8, batch.length);
        assertEquals(100, settings().embeddingDim());
        for (int i = 0; i < batch.length; i++) {
            assertEquals(100, batch[i].length);
            for (float value : batch[i]) {
                assertTrue(Float.isFinite(value) && value >= -1 && value <= 1, "tanh output " + value);
            }
            assertArrayEquals(batch[i], again[i], 1e-6f);
            assertArrayEquals(batch[i], embed(List.of(spectra.get(i)))[0], 1e-6f);
        }
    }

    @Test
    void givesACosineOfOneForASpectrumWithItself() {
        float[][] embeddings = embed(spectra);

        for (float[] embedding : embeddings) {
            assertEquals(1.0, Ms2DeepScore.cosine(embedding, embedding), 1e-12);
        }
    }

    @Test
    void findsTheSameCompoundNearestForEachOfItsThreeSpectra() {
        float[][] embeddings = embed(spectra);

        // Cosines from the numpy pass: 4-5 0.9998, 4-6 0.9980, 5-6 0.9988; the closest other compound to 4, 5 and 6
        // is spectrum 1 at 0.9962, 0.9967 and 0.9979. The test model puts all eight within 0.93-1.0 of each other.
        for (int i = 4; i <= 6; i++) {
            int nearest = -1;
            double best = -2;
            for (int j = 0; j < embeddings.length; j++) {
                double cosine = Ms2DeepScore.cosine(embeddings[i], embeddings[j]);
                if (j != i && cosine > best) {
                    best = cosine;
                    nearest = j;
                }
            }
            assertTrue(nearest >= 4 && nearest <= 6, "spectrum " + i + "'s nearest is " + nearest);
        }
        assertEquals(0.9998, Ms2DeepScore.cosine(embeddings[4], embeddings[5]), 1e-4);
        assertEquals(0.9299, Ms2DeepScore.cosine(embeddings[4], embeddings[7]), 1e-4);
    }

    @Test
    void embedsAnEmptyListAsNoEmbeddings() {
        assertEquals(0, embed(List.of()).length);
    }

    @Test
    void answersWithTheModelVersionThatEmbedded() {
        SpectraModels.Embeddings embeddings = service.models.embed(MODEL, spectra.subList(0, 1));

        assertEquals(MODEL, embeddings.model());
        assertEquals(1, embeddings.version());
        assertEquals(service.metadata(MODEL).sha256(), embeddings.sha256());
    }

    @Test
    void refusesSettingsWhoseBinCountDiffersFromTheModelInput() {
        Ms2DeepScoreSettings settings = new Ms2DeepScoreSettings(0, 200, 0.1, 0.5, 100, List.of(), null);

        Ms2DeepScoreModelException e = assertThrows(Ms2DeepScoreModelException.class,
                () -> Ms2DeepScore.checkSignature(service.metadata(MODEL), settings));

        assertEquals("'spectra_tensors' must be FP32 [N, 2000] (the number of bins of its settings), the model has"
                + " FP32 [-1, 1000]", e.getMessage());
    }

    @Test
    void refusesSettingsWhoseEmbeddingDimDiffersFromTheModelOutput() {
        Ms2DeepScoreSettings settings = new Ms2DeepScoreSettings(0, 200, 0.2, 0.5, 50, List.of(), null);

        Ms2DeepScoreModelException e = assertThrows(Ms2DeepScoreModelException.class,
                () -> Ms2DeepScore.checkSignature(service.metadata(MODEL), settings));

        assertEquals("'embedding' must be FP32 [N, 50] (embedding_dim of its settings), the model has FP32 [-1, 100]",
                e.getMessage());
    }

    @Test
    void refusesSettingsWithMoreMetadataThanTheModelInputTakes() {
        List<MetadataFeature> features = new ArrayList<>();
        features.add(new MetadataFeature.StandardScaler("precursor_mz", 0, 1000.0));
        Ms2DeepScoreSettings settings = new Ms2DeepScoreSettings(0, 200, 0.2, 0.5, 100, features, null);

        Ms2DeepScoreModelException e = assertThrows(Ms2DeepScoreModelException.class,
                () -> Ms2DeepScore.checkSignature(service.metadata(MODEL), settings));

        assertEquals("'metadata_tensors' must be FP32 [N, 1] (the number of additional_metadata entries of its"
                + " settings), the model has FP32 [-1, 0]", e.getMessage());
    }

    @Test
    void refusesAModelThatIsNotAnMs2DeepScoreExport() {
        // The fixture toy-linear: input 'features', output 'value', no custom metadata.
        ModelMetadata toyLinear = service.metadata(InProcessSpectraModels.NOT_A_SPECTRA_MODEL);

        InvalidInputException notSpectra = assertThrows(InvalidInputException.class,
                () -> service.models.embed(InProcessSpectraModels.NOT_A_SPECTRA_MODEL, spectra.subList(0, 1)));
        Ms2DeepScoreModelException wrongInput = assertThrows(Ms2DeepScoreModelException.class,
                () -> Ms2DeepScore.checkSignature(toyLinear, settings()));

        assertEquals("model 'toy-linear' is not a spectra model: it needs input 'spectra_tensors' and ms2deepscore's"
                + " 'settings' in its ONNX metadata", notSpectra.getMessage());
        assertEquals("'spectra_tensors' must be FP32 [N, 1000] (the number of bins of its settings), the model has"
                + " none", wrongInput.getMessage());
    }

    @Test
    void refusesTheCosineOfVectorsOfDifferentLengthsOrOfZeros() {
        assertEquals(0.0, Ms2DeepScore.cosine(new float[]{1, 0}, new float[]{0, 2}), 0.0);
        assertEquals(-1.0, Ms2DeepScore.cosine(new float[]{1, 1}, new float[]{-3, -3}), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Ms2DeepScore.cosine(new float[]{1}, new float[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Ms2DeepScore.cosine(new float[]{0, 0}, new float[]{1, 2}));
    }
}
