package io.modelgate.spectra;

import io.modelgate.TestFolders;
import io.modelgate.spectra.formats.Spectrum;
import io.modelgate.spectra.formats.SpectrumFiles;
import io.modelgate.spectra.formats.SpectrumReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * matchms' CosineGreedy: hand-worked scores, matchms' own test and docstring expectations, and the 76 spectra of
 * {@code pesticides_processed.mgf}, whose expected values come from an independent numpy computation of the same
 * rules (numpy's {@code argsort(kind="mergesort")[::-1]}, all-pairs window test, {@code np.sum} norms).
 */
class CosineGreedyTest {

    private static final CosineGreedy DEFAULT = new CosineGreedy();
    private static List<Spectrum> pesticides;

    @BeforeAll
    static void read() throws Exception {
        try (SpectrumReader reader = SpectrumFiles.open(TestFolders.dataDir().resolve("ms2deepscore/pesticides_processed.mgf"))) {
            pesticides = reader.stream().toList();
        }
    }

    private static Spectrum spectrum(double[] mz, double[] intensities) {
        return new Spectrum(mz, intensities, null, null, Map.of());
    }

    private static Spectrum peaks(double... mzThenIntensities) {
        int n = mzThenIntensities.length / 2;
        double[] mz = new double[n];
        double[] intensities = new double[n];
        for (int k = 0; k < n; k++) {
            mz[k] = mzThenIntensities[2 * k];
            intensities[k] = mzThenIntensities[2 * k + 1];
        }
        return spectrum(mz, intensities);
    }

    @Test
    void defaultsAreMatchmsDefaults() {
        assertEquals(new CosineGreedy(0.1, 0.0, 1.0), DEFAULT);
    }

    @Test
    void identicalSpectraScoreOneWithEveryPeakMatched() {
        Spectrum a = peaks(100.0, 0.2, 200.0, 0.5, 300.0, 1.0);
        // Σ w² = 0.04 + 0.25 + 1 = 1.29 over sqrt(1.29) · sqrt(1.29)
        CosineGreedy.Score score = DEFAULT.pair(a, a);
        assertEquals(1.0, score.score(), 1e-15);
        assertEquals(3, score.matches());
    }

    @Test
    void disjointSpectraScoreExactlyZero() {
        // matchms test_cosine_greedy_matrix_none_matching: no pair → score 0.0 exactly.
        Spectrum a = peaks(100, 0.1, 200, 0.2, 300, 1.0);
        Spectrum b = peaks(50, 0.5, 60, 0.2, 70, 1.0);
        assertEquals(new CosineGreedy.Score(0.0, 0), DEFAULT.pair(a, b));
    }

    @Test
    void aPeakExactlyAtTheToleranceMatchesAndOneJustBeyondDoesNot() {
        Spectrum reference = peaks(100.0, 1.0);
        // 100.0 + 0.1 == 100.1 in double, and 100.1 > 100.1 is false: a match, 1 · 1 / (1 · 1) = 1.
        assertEquals(new CosineGreedy.Score(1.0, 1), DEFAULT.pair(reference, peaks(100.1, 1.0)));
        assertEquals(new CosineGreedy.Score(1.0, 1), DEFAULT.pair(peaks(100.1, 1.0), reference));
        // 100.1001 > 100.1: none.
        assertEquals(new CosineGreedy.Score(0.0, 0), DEFAULT.pair(reference, peaks(100.1001, 1.0)));
        assertEquals(new CosineGreedy.Score(0.0, 0), DEFAULT.pair(peaks(100.1001, 1.0), reference));
    }

    @Test
    void theWindowIsTheReferenceMzPlusOrMinusTheToleranceInDoublePrecisionWithNoEpsilon() {
        // |627.1 − 627.0| = 0.10000000000002274 > 0.1, yet 627.0 + 0.1 == 627.1 and 627.1 − 0.1 == 627.0 in double:
        // matchms' bounds test matches them both ways.
        assertEquals(1, DEFAULT.pair(peaks(627.0, 1.0), peaks(627.1, 1.0)).matches());
        assertEquals(1, DEFAULT.pair(peaks(627.1, 1.0), peaks(627.0, 1.0)).matches());
        // 127.92 + 0.1 = 128.02000000000001 ≥ 128.02: a match; but 128.02 − 0.1 = 127.92000000000002 > 127.92: none.
        // So at the edge the result depends on which spectrum is the reference, as in matchms.
        assertEquals(1, DEFAULT.pair(peaks(127.92, 1.0), peaks(128.02, 1.0)).matches());
        assertEquals(0, DEFAULT.pair(peaks(128.02, 1.0), peaks(127.92, 1.0)).matches());
    }

    @Test
    void aPeakWithinReachOfTwoTakesTheLargerProductAndLeavesTheOtherUnmatched() {
        Spectrum reference = peaks(100.0, 1.0);
        Spectrum query = peaks(99.95, 0.5, 100.05, 0.8);
        // Pairs (100.0, 99.95) = 0.5 and (100.0, 100.05) = 0.8: the 0.8 is kept, 99.95 stays unmatched.
        // 0.8 / (1 · sqrt(0.25 + 0.64)) = 0.8 / sqrt(0.89) = 0.8479983040050879
        CosineGreedy.Score score = DEFAULT.pair(reference, query);
        assertEquals(0.8 / Math.sqrt(0.89), score.score(), 1e-15);
        assertEquals(0.8479983040050879, score.score(), 1e-15);
        assertEquals(1, score.matches());
    }

    @Test
    void ofEqualProductsThePairCollectedLastIsTakenFirst() {
        // Pairs in collection order: (100.0, 99.95) = 1, (100.0, 100.05) = 1, (100.12, 100.05) = 0.5.
        // numpy's stable ascending argsort reversed puts (100.0, 100.05) first; then (100.0, 99.95) and
        // (100.12, 100.05) both reuse a peak. 1 / (sqrt(1 + 0.25) · sqrt(1 + 1)) = 1 / sqrt(2.5) with 1 match,
        // where taking (100.0, 99.95) first would have given 1.5 / sqrt(2.5) with 2.
        Spectrum reference = peaks(100.0, 1.0, 100.12, 0.5);
        Spectrum query = peaks(99.95, 1.0, 100.05, 1.0);
        CosineGreedy.Score score = DEFAULT.pair(reference, query);
        assertEquals(1.0 / Math.sqrt(2.5), score.score(), 1e-15);
        assertEquals(1, score.matches());
    }

    @Test
    void mzPowerAndIntensityPowerWeighThePeaks() {
        // mz_power 1, intensity_power 0.5: w_ref = (100·√0.5, 200·1), w_query = (100·1, 200·√0.5).
        // Σ products = 100·√0.5·100 + 200·200·√0.5 = 50000·√0.5; norms² = 5000 + 40000 = 45000 and
        // 10000 + 20000 = 30000; score = 50000·√0.5 / sqrt(45000 · 30000) = 50000 / sqrt(2.7e9) = 0.9622504486493763
        Spectrum reference = peaks(100, 0.5, 200, 1.0);
        Spectrum query = peaks(100, 1.0, 200, 0.5);
        CosineGreedy.Score score = new CosineGreedy(0.1, 1.0, 0.5).pair(reference, query);
        assertEquals(0.9622504486493763, score.score(), 1e-15);
        assertEquals(2, score.matches());
        // With the defaults the same peaks give (0.5 + 0.5) / (sqrt(1.25) · sqrt(1.25)) = 0.8.
        assertEquals(0.8, DEFAULT.pair(reference, query).score(), 1e-15);
    }

    @Test
    void matchmsDocstringExample() {
        // CosineGreedy.py docstring: "Cosine score is 0.83 with 1 matched peaks" at tolerance 0.2.
        // 0.7 · 0.4 / (sqrt(0.49 + 0.04 + 0.01) · sqrt(0.16 + 0.04 + 0.01)) = 0.28 / sqrt(0.54 · 0.21)
        Spectrum reference = peaks(100, 0.7, 150, 0.2, 200, 0.1);
        Spectrum query = peaks(100, 0.4, 140, 0.2, 190, 0.1);
        CosineGreedy.Score score = new CosineGreedy(0.2, 0.0, 1.0).pair(reference, query);
        assertEquals(0.28 / Math.sqrt(0.54 * 0.21), score.score(), 1e-15);
        assertEquals(0.8314794192830982, score.score(), 1e-15);
        assertEquals(1, score.matches());
    }

    @Test
    void matchmsTestCosineGreedyPairCases() {
        // matchms tests/similarity/test_cosine_greedy.py, test_cosine_greedy_pair, its four parameter sets; the
        // expected score is its compute_expected_score over the expected matches, worked out here.
        Spectrum a = peaks(100, 0.1, 200, 0.2, 300, 1.0, 500, 0.3, 510, 0.4);
        Spectrum b = peaks(100, 0.1, 200, 0.2, 290, 1.0, 490, 0.3, 510, 0.4);
        // 1: tolerance 0.1, matches [0, 1, 4] × [0, 1, 4]: (0.01 + 0.04 + 0.16) / (sqrt(1.3) · sqrt(1.3)) = 0.21 / 1.3
        CosineGreedy.Score first = new CosineGreedy(0.1, 0.0, 1.0).pair(a, b);
        assertEquals(0.21 / 1.3, first.score(), 1e-15);
        assertEquals(3, first.matches());

        Spectrum c = peaks(100, 0.1, 299, 1.0, 300, 0.2, 301, 0.3, 510, 0.4);
        Spectrum d = peaks(100, 0.1, 300, 1.0, 301, 0.3, 511, 0.4);
        // 2: tolerance 0.2, matches [0, 2, 3] × [0, 1, 2]: (0.01 + 0.2 + 0.09) / (sqrt(1.3) · sqrt(1.26))
        CosineGreedy.Score second = new CosineGreedy(0.2, 0.0, 1.0).pair(c, d);
        assertEquals(0.3 / Math.sqrt(1.3 * 1.26), second.score(), 1e-15);
        assertEquals(3, second.matches());
        // 3: tolerance 2.0, matches [0, 1, 3, 4] × [0, 1, 2, 3]. Greedy order: (299, 300) 1.0 kept; (299, 301) 0.3,
        // (301, 300) 0.3, (300, 300) 0.2 skipped; (510, 511) 0.16 kept; (301, 301) 0.09 kept; (300, 301) 0.06
        // skipped; (100, 100) 0.01 kept: (1 + 0.16 + 0.09 + 0.01) / (sqrt(1.3) · sqrt(1.26)) = sqrt(1.26 / 1.3)
        CosineGreedy.Score third = new CosineGreedy(2.0, 0.0, 1.0).pair(c, d);
        assertEquals(1.26 / Math.sqrt(1.3 * 1.26), third.score(), 1e-15);
        assertEquals(4, third.matches());
        // 4: tolerance 1.0, mz_power 0.5, intensity_power 2, matches [0, 1, 4] × [0, 1, 4]; w = sqrt(mz) · i², so a
        // pair at equal m/z gives mz · i⁴: (100·1e-4 + 200·0.0016 + 510·0.0256) = 13.386 over
        // sqrt(13.386 + 300·1 + 500·0.0081) · sqrt(13.386 + 290·1 + 490·0.0081) = sqrt(317.436) · sqrt(307.355)
        CosineGreedy.Score fourth = new CosineGreedy(1.0, 0.5, 2.0).pair(a, b);
        assertEquals(13.386 / Math.sqrt(317.436 * 307.355), fourth.score(), 1e-12);
        assertEquals(3, fourth.matches());
    }

    @Test
    void aSpectrumWithNoPeaksScoresZeroWithNoMatches() {
        Spectrum empty = peaks();
        Spectrum some = peaks(100, 1.0);
        assertEquals(new CosineGreedy.Score(0.0, 0), DEFAULT.pair(empty, some));
        assertEquals(new CosineGreedy.Score(0.0, 0), DEFAULT.pair(some, empty));
        assertEquals(new CosineGreedy.Score(0.0, 0), DEFAULT.pair(empty, empty));
    }

    @Test
    void aZeroNormFailsOnlyWhenThereArePairsToDivide() {
        Spectrum silent = peaks(100, 0.0);
        // A pair (product 0) over a zero norm: matchms' numba code raises ZeroDivisionError.
        assertThrows(ArithmeticException.class, () -> DEFAULT.pair(silent, peaks(100, 1.0)));
        // No pair: matchms returns (0, 0) before dividing.
        assertEquals(new CosineGreedy.Score(0.0, 0), DEFAULT.pair(silent, peaks(300, 1.0)));
    }

    @Test
    void rejectsANegativeOrNonFiniteToleranceAndNonFinitePowers() {
        assertThrows(IllegalArgumentException.class, () -> new CosineGreedy(-0.1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new CosineGreedy(Double.NaN, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new CosineGreedy(Double.POSITIVE_INFINITY, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new CosineGreedy(0.1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new CosineGreedy(0.1, 0, Double.POSITIVE_INFINITY));
    }

    @Test
    void readsTheSeventySixPesticideSpectra() {
        assertEquals(76, pesticides.size());
        assertTrue(pesticides.stream().allMatch(s -> s.get("inchikey") != null));
    }

    @Test
    void everyPesticideSpectrumScoresOneWithItselfWithAllItsPeaks() {
        for (Spectrum s : pesticides) {
            CosineGreedy.Score score = DEFAULT.pair(s, s);
            assertEquals(1.0, score.score(), 1e-12, s.get("spectrum_id"));
            assertEquals(s.peakCount(), score.matches(), s.get("spectrum_id"));
        }
    }

    @Test
    void pesticideScoresAreSymmetricAndTheMatrixAgreesWithPair() {
        double[][] matrix = DEFAULT.matrix(pesticides, pesticides);
        for (int i = 0; i < pesticides.size(); i++) {
            for (int j = 0; j < pesticides.size(); j++) {
                CosineGreedy.Score ij = DEFAULT.pair(pesticides.get(i), pesticides.get(j));
                CosineGreedy.Score ji = DEFAULT.pair(pesticides.get(j), pesticides.get(i));
                assertEquals(ij.score(), ji.score(), 0.0, i + " vs " + j);
                assertEquals(ij.matches(), ji.matches(), i + " vs " + j);
                assertEquals(ij.score(), matrix[i][j], 0.0);
            }
        }
    }

    @Test
    void pesticidePairsMatchAnIndependentNumpyComputation() {
        // Spectra 4, 5 and 6 are one compound (GPXLRLUVLMHHIK-UHFFFAOYSA-N), 0 and 1 two others.
        // The numpy norms use pairwise summation, these a running sum: they agree to 1e-12.
        assertScore(0.9959794424216354, 9, DEFAULT.pair(pesticides.get(4), pesticides.get(5)));
        assertScore(0.9983273373798357, 9, DEFAULT.pair(pesticides.get(4), pesticides.get(6)));
        assertScore(0.999361484655148, 9, DEFAULT.pair(pesticides.get(5), pesticides.get(6)));
        assertEquals(1.844066326101618e-06, DEFAULT.pair(pesticides.get(0), pesticides.get(1)).score(), 1e-18);
        assertEquals(2, DEFAULT.pair(pesticides.get(0), pesticides.get(1)).matches());
        CosineGreedy.Score weighted = new CosineGreedy(0.1, 3.0, 0.6).pair(pesticides.get(4), pesticides.get(5));
        assertEquals(0.5904649118451837, weighted.score(), 1e-12);
        assertEquals(9, weighted.matches());
    }

    @Test
    void spectraOfOneCompoundScoreHigherThanSpectraOfDifferentCompounds() {
        double same = 0;
        double different = 0;
        int sameCount = 0;
        int differentCount = 0;
        for (int i = 0; i < pesticides.size(); i++) {
            for (int j = i + 1; j < pesticides.size(); j++) {
                double score = DEFAULT.pair(pesticides.get(i), pesticides.get(j)).score();
                if (pesticides.get(i).get("inchikey").equals(pesticides.get(j).get("inchikey"))) {
                    same += score;
                    sameCount++;
                } else {
                    different += score;
                    differentCount++;
                }
            }
        }
        System.out.printf("CosineGreedy on pesticides: same compound mean %.6f (n=%d pairs), different compounds "
                + "mean %.6f (n=%d pairs)%n", same / sameCount, sameCount, different / differentCount, differentCount);
        assertEquals(51, sameCount);
        assertEquals(2799, differentCount);
        // The numpy computation: 0.8323195774336666 and 0.016293454044830177.
        assertEquals(0.8323195774336666, same / sameCount, 1e-12);
        assertEquals(0.016293454044830177, different / differentCount, 1e-12);
        assertTrue(same / sameCount > different / differentCount);
    }

    private static void assertScore(double expected, int matches, CosineGreedy.Score actual) {
        assertEquals(expected, actual.score(), 1e-12);
        assertEquals(matches, actual.matches());
    }

    @Test
    void intensitiesFarFromOneScoreAsTheSamePeaksScaledToOne() {
        // Squares of 1e-200 underflow to 0 and of 1e200 overflow: the weights are scaled first, as the score allows.
        Spectrum a = new Spectrum(new double[]{100, 150, 200}, new double[]{1, 0.5, 0.25}, null, null, java.util.Map.of());
        Spectrum b = new Spectrum(new double[]{100.05, 150, 250}, new double[]{0.5, 1, 0.3}, null, null, java.util.Map.of());
        double expected = new CosineGreedy().pair(a, b).score();
        for (double factor : new double[]{1e-200, 1e200}) {
            Spectrum scaledA = new Spectrum(a.mz(), java.util.Arrays.stream(a.intensities()).map(i -> i * factor).toArray(),
                    null, null, java.util.Map.of());
            Spectrum scaledB = new Spectrum(b.mz(), java.util.Arrays.stream(b.intensities()).map(i -> i * factor).toArray(),
                    null, null, java.util.Map.of());
            assertEquals(expected, new CosineGreedy().pair(scaledA, scaledB).score(), 1e-12, "factor " + factor);
        }
    }

    @Test
    void tooManyCandidatePairsAreRefusedInsteadOfFillingTheHeap() {
        // 4000 peaks at one m/z on each side: 16,000,000 pairs within tolerance, over the limit of 10,000,000.
        double[] mz = new double[4000];
        java.util.Arrays.fill(mz, 100.0);
        double[] intensities = new double[4000];
        java.util.Arrays.fill(intensities, 1.0);
        Spectrum crowded = new Spectrum(mz, intensities, null, null, java.util.Map.of());
        io.modelgate.errors.InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.modelgate.errors.InvalidInputException.class, () -> new CosineGreedy().pair(crowded, crowded));
        assertEquals("the two spectra have more than 10000000 pairs of peaks within 0.1 m/z of each other;"
                + " cosine-greedy compares at most that many", e.getMessage());
    }
}
