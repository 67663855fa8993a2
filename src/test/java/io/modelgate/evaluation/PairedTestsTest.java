package io.modelgate.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mid-p McNemar, Holm and the minimum detectable difference against worked examples. */
class PairedTestsTest {

    @ParameterizedTest(name = "b={0}, c={1}")
    @CsvSource(textBlock = """
            # Fagerland et al. 2013, Table 1 (Bentur et al.: 1 and 7 discordant): exact 0.070, mid-p 0.039 = 10/256
            1,  7,  0.0390625
            7,  1,  0.0390625
            # 2 * (P(X<=2) - P(X=2)/2) for n=12: 2 * (79 - 33) / 4096
            2,  10, 0.0224609375
            # an even split is no evidence at all
            5,  5,  1.0
            0,  0,  1.0
            # 0 and 1: 2 * (1/2 - 1/4) = 1/2
            0,  1,  0.5
            """)
    void midPOfWorkedCases(int b, int c, double expected) {
        assertEquals(expected, PairedTests.midP(b, c), 1e-12);
    }

    @Test
    void midPOfALopsidedSplitIsATinyPositiveNumberNotRoundingNoise() {
        // 714 against 22 (a CNN against a chance-level stand-in on 1,000 CIFAR-10 images): the tail is about
        // 1e-180, far below what 1 − (regularised beta) can resolve; the exact p of the same split is 4.36e-180.
        double midP = PairedTests.midP(714, 22);
        assertTrue(midP > 0, "a p-value is never negative: " + midP);
        double exact = new org.hipparchus.stat.inference.BinomialTest().binomialTest(736, 22, 0.5,
                org.hipparchus.stat.inference.AlternativeHypothesis.TWO_SIDED);
        assertTrue(midP < exact && midP > exact / 2, "between half the exact p and the exact p: " + midP + " vs " + exact);
        // 2 · (Σ_{i<22} C(736, i) + ½ · C(736, 22)) / 2^736 in exact rational arithmetic
        assertEquals(2.246513698276766e-180, midP, 2.246513698276766e-180 * 1e-9);
    }

    @Test
    void midPIsBelowTheExactP() {
        double exact = new org.hipparchus.stat.inference.BinomialTest().binomialTest(8, 1, 0.5,
                org.hipparchus.stat.inference.AlternativeHypothesis.TWO_SIDED);
        assertEquals(0.0703125, exact, 1e-12);
        assertEquals(exact - 8.0 / 256, PairedTests.midP(1, 7), 1e-12, "exact minus the probability of the split seen");
    }

    @Test
    void holmOfTheTextbookExample() {
        // Sorted .005 .01 .03 .04 → 4·.005 = .02, 3·.01 = .03, 2·.03 = .06, max(.06, 1·.04) = .06.
        assertArrayEquals(new double[]{0.06, 0.06, 0.03, 0.02}, PairedTests.holm(new double[]{0.03, 0.04, 0.01, 0.005}), 1e-12);
        assertArrayEquals(new double[]{0.2}, PairedTests.holm(new double[]{0.2}), 0, "one comparison: nothing to adjust");
        assertArrayEquals(new double[]{1.0, 1.0}, PairedTests.holm(new double[]{0.6, 0.9}), 1e-12, "capped at 1");
        assertArrayEquals(new double[0], PairedTests.holm(new double[0]));
    }

    @Test
    void mddInvertsConnorsSampleSizeFormula() {
        // Connor 1987: ψ = 0.2, δ = 0.1 needs n = [1.95996·√.2 + 0.84162·√.19]² / .01 = 154.5986 examples.
        double za = 1.9599639845400536;
        double zb = 0.8416212335729144;
        double n = Math.pow(za * Math.sqrt(0.2) + zb * Math.sqrt(0.19), 2) / 0.01;
        assertEquals(154.59856956021096, n, 1e-9);
        // Solved for δ independently (bisection in Python): 155 examples detect 0.09987…
        assertEquals(0.09987239993396044, PairedTests.mddPaired(155, 0.2), 1e-9);
        // The penguins: 69 examples, 39 discordant.
        assertEquals(0.2492554188296977, PairedTests.mddPaired(69, 39.0 / 69), 1e-9);
        assertEquals(0.02798283630447352, PairedTests.mddPaired(1000, 0.1), 1e-9);
    }

    @Test
    void mddIsUnknownWithoutDiscordantExamplesOrWhenNothingUpToPsiIsDetectable() {
        assertTrue(Double.isNaN(PairedTests.mddPaired(69, 0)));
        assertTrue(Double.isNaN(PairedTests.mddPaired(0, 0.5)));
        // 3 examples, one discordant: even δ = ψ cannot reach significance.
        assertTrue(Double.isNaN(PairedTests.mddPaired(3, 1.0 / 3)));
    }

    @Test
    void mddOfANormalStatisticIsTheSumOfTheQuantilesTimesItsStandardError() {
        assertEquals(0.1400792609056484, PairedTests.mddNormal(0.05), 1e-12);
        assertEquals(Math.sqrt(2.5), PairedTests.standardDeviation(new double[]{1, 2, 3, 4, 5}), 1e-12);
    }
}
