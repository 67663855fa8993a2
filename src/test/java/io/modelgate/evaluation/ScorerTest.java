package io.modelgate.evaluation;

import org.hipparchus.stat.inference.AlternativeHypothesis;
import org.hipparchus.stat.inference.BinomialTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScorerTest {

    private final Bootstrap bootstrap = new Bootstrap(2000, 42);
    private final Scorer scorer = new Scorer(bootstrap);
    private static final List<String> LABELS = List.of("a", "b", "c");

    private static ExampleResult result(String id, String truth, String predicted) {
        return new ExampleResult(id, truth, predicted, predicted == null, 1.0, 0, 0, null, null, null);
    }

    @Test
    void accuracyMacroF1ConfusionAndInvalidRateOfAKnownCase() {
        // truth a a a b b c; predicted a a b b invalid c
        List<ExampleResult> results = List.of(result("1", "a", "a"), result("2", "a", "a"), result("3", "a", "b"),
                result("4", "b", "b"), result("5", "b", null), result("6", "c", "c"));
        ClassificationReport report = scorer.classification(results, LABELS);
        assertEquals(4.0 / 6, report.accuracy().value(), 1e-12);
        assertEquals(1.0 / 6, report.invalidRate().value(), 1e-12);
        // F1: a = 2*2/(2*2+0+1) = 0.8; b = 2*1/(2*1+1+1) = 0.5; c = 1
        assertEquals((0.8 + 0.5 + 1.0) / 3, report.macroF1().value(), 1e-12);
        assertArrayEquals(new int[]{2, 1, 0, 0}, report.confusion()[0]);
        assertArrayEquals(new int[]{0, 1, 0, 1}, report.confusion()[1]);
        assertEquals(0.5, report.perClass().get("b").precision(), 1e-12);
        assertEquals(0.5, report.perClass().get("b").recall(), 1e-12);
        assertEquals(6, report.accuracy().n());
        assertTrue(report.accuracy().low() <= report.accuracy().value() && report.accuracy().value() <= report.accuracy().high());
    }

    @Test
    void intervalNarrowsWithMoreExamplesAndIsRepeatable() {
        List<ExampleResult> few = new ArrayList<>();
        List<ExampleResult> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ExampleResult r = result(Integer.toString(i), "a", i % 5 == 0 ? "b" : "a");
            many.add(r);
            if (i < 50) {
                few.add(r);
            }
        }
        MetricValue small = scorer.classification(few, LABELS).accuracy();
        MetricValue large = scorer.classification(many, LABELS).accuracy();
        assertEquals(0.8, large.value(), 1e-12);
        assertTrue(large.high() - large.low() < small.high() - small.low());
        // The normal approximation for n=1000, p=0.8 gives ±0.0248; the bootstrap must be close to it.
        assertEquals(0.0496, large.high() - large.low(), 0.01);
        assertEquals(large, scorer.classification(many, LABELS).accuracy(), "same seed, same interval");
    }

    @Test
    void regressionMetricsOfAKnownCaseIgnoreInvalidAnswers() {
        List<ExampleResult> results = List.of(result("1", "1", "2"), result("2", "2", "2"), result("3", "3", "5"),
                result("4", "4", null));
        RegressionReport report = scorer.regression(results, java.util.Map.of());
        assertEquals(Math.sqrt((1 + 0 + 4) / 3.0), report.rmse().value(), 1e-12);
        assertEquals(1.0, report.mae().value(), 1e-12);
        // R² = 1 - SSres/SStot with truth 1,2,3 (mean 2): 1 - 5/2
        assertEquals(-1.5, report.r2().value(), 1e-12);
        assertEquals(0.25, report.invalidRate().value(), 1e-12);
        assertEquals(3, report.rmse().n());
    }

    @Test
    void exactMcNemarMatchesTheBinomialTestOnTheDiscordantPairs() {
        List<ExampleResult> a = new ArrayList<>();
        List<ExampleResult> b = new ArrayList<>();
        // 7 examples only A gets right, 1 only B, 12 both right.
        for (int i = 0; i < 20; i++) {
            String id = Integer.toString(i);
            a.add(result(id, "a", i < 7 || i >= 8 ? "a" : "b"));
            b.add(result(id, "a", i < 7 ? "b" : "a"));
        }
        RunRecord ra = row("A");
        RunRecord rb = row("B");
        Comparison c = new Comparisons(bootstrap).classification(ra, a, rb, b);
        assertEquals(7, c.aOnlyRight());
        assertEquals(1, c.bOnlyRight());
        assertEquals(new BinomialTest().binomialTest(8, 7, 0.5, AlternativeHypothesis.TWO_SIDED), c.pValue(), 1e-15);
        assertEquals(0.0703125, c.pValue(), 1e-12); // 2 * P(X >= 7 | n=8, p=1/2) = 2 * 9/256
        assertEquals(6.0 / 20, c.difference().value(), 1e-12);
        assertEquals(8, c.disagreements().size());
    }

    @Test
    void identicalRunsHaveNoDifferenceAndPValueOne() {
        List<ExampleResult> a = List.of(result("1", "a", "a"), result("2", "b", "c"));
        Comparison c = new Comparisons(bootstrap).classification(row("A"), a, row("B"), a);
        assertEquals(1.0, c.pValue());
        assertEquals(0.0, c.difference().value());
        assertEquals(List.of(), c.disagreements());
    }

    static RunRecord row(String system) {
        return new RunRecord("run-" + system, system, "onnx", "", "t", TestSetRef.parse("test@00"), "1", null, "accuracy",
                Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, null, "unknown", Instant.EPOCH, Instant.EPOCH, null, "complete");
    }

    @Test
    void similarityErrorsArePerBinOfTheTrueValueWithTheHighEdgeInside() {
        // 0.1 is in the first bin (−∞, 0.1], 0.3 in (0.2, 0.3] (k/10 compared as doubles), 1.0 and above in the last,
        // a negative value in the first; (0.4, 0.5] holds nothing.
        double[] truth = {-0.01, 0.1, 0.3, 0.3, 1.0, 1.2};
        double[] predicted = {0.09, 0.1, 0.0, 0.6, 0.7, 1.0};
        java.util.List<RegressionReport.BinError> bins = Scorer.perBin(truth, predicted);
        assertEquals(10, bins.size());
        assertEquals(2, bins.get(0).n());
        assertEquals(Math.sqrt((0.1 * 0.1 + 0) / 2), bins.get(0).rmse(), 1e-12);
        assertEquals(2, bins.get(2).n());
        assertEquals(0.3, bins.get(2).rmse(), 1e-12);
        assertEquals(0.2, bins.get(2).low(), 1e-12);
        assertEquals(0.3, bins.get(2).high(), 1e-12);
        assertEquals(0, bins.get(4).n());
        assertEquals(null, bins.get(4).rmse());
        assertEquals(2, bins.get(9).n());
        assertEquals(Math.sqrt((0.09 + 0.04) / 2), bins.get(9).rmse(), 1e-12);
    }
}
