package io.modelgate.evaluation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ECE, Brier score, log loss and macro ROC AUC of a case worked by hand and checked independently with numpy
 * (the script is in the comments): 6 examples, labels a, b, c.
 */
class ProbabilisticMetricsTest {

    private static final List<String> LABELS = List.of("a", "b", "c");
    private final Scorer scorer = new Scorer(new Bootstrap(500, 42));

    private static ExampleResult scored(String id, String truth, String predicted, double pa, double pb, double pc) {
        return new ExampleResult(id, truth, predicted, false, 1.0, 0, 0, null, null, null, Map.of("a", pa, "b", pb, "c", pc));
    }

    /**
     * <pre>
     * truth=[0,0,1,1,2,2]; P=[[.7,.2,.1],[.4,.5,.1],[.1,.8,.1],[.3,.3,.4],[.05,.05,.9],[.2,.2,.6]]
     * brier = ((P-eye(3)[truth])**2).sum(1).mean()              = 0.3025
     * log loss = -log(P[range(6), truth]).mean()                 = 0.5527113618128084
     * ece: one example per bin, |right - confidence| = .3 .5 .2 .4 .1 .4, / 6 = 0.31666…
     * auc per class (Mann-Whitney) = 1.0, 0.875 (7 of 8 pairs), 1.0; macro 0.958333…
     * </pre>
     */
    private static List<ExampleResult> workedCase() {
        return List.of(scored("1", "a", "a", 0.7, 0.2, 0.1), scored("2", "a", "b", 0.4, 0.5, 0.1),
                scored("3", "b", "b", 0.1, 0.8, 0.1), scored("4", "b", "c", 0.3, 0.3, 0.4),
                scored("5", "c", "c", 0.05, 0.05, 0.9), scored("6", "c", "c", 0.2, 0.2, 0.6));
    }

    @Test
    void eceBrierLogLossAndAucOfTheWorkedCase() {
        ClassificationReport.Probabilistic p = scorer.classification(workedCase(), LABELS).probabilistic();
        assertEquals(0.3025, p.brier().value(), 1e-12);
        assertEquals(0.5527113618128084, p.logLoss().value(), 1e-12);
        assertEquals(1.9 / 6, p.ece().value(), 1e-12);
        assertEquals((1.0 + 0.875 + 1.0) / 3, p.rocAuc().value(), 1e-12);
        assertEquals(6, p.n());
        assertEquals(0, p.leftOut());
        assertEquals(List.of(), p.aucLeftOut());
        for (MetricValue m : List.of(p.brier(), p.logLoss(), p.ece(), p.rocAuc())) {
            assertEquals(6, m.n());
            assertTrue(m.low() <= m.value() + 1e-12 && m.value() <= m.high() + 1e-12, m.toString());
        }
    }

    @Test
    void reliabilityBinsHoldTheirCountsMeanConfidenceAndAccuracy() {
        List<ClassificationReport.ReliabilityBin> bins = scorer.classification(workedCase(), LABELS).probabilistic().reliability();
        assertEquals(10, bins.size());
        // Confidences .7 .5 .8 .4 .9 .6: bins 7, 5, 8, 4, 9, 6, each with one answer.
        assertEquals(0, bins.get(0).n());
        assertNull(bins.get(0).accuracy());
        assertEquals(1, bins.get(5).n());
        assertEquals(0.5, bins.get(5).meanConfidence(), 1e-12);
        assertEquals(0.0, bins.get(5).accuracy(), 1e-12);
        assertEquals(1.0, bins.get(9).accuracy(), 1e-12);
        assertEquals(0.9, bins.get(9).low(), 1e-12);
        assertEquals(1.0, bins.get(9).high(), 1e-12);
        assertEquals(6, bins.stream().mapToInt(ClassificationReport.ReliabilityBin::n).sum());
    }

    @Test
    void aProbabilityOfOneGoesToTheLastBinAndTheEdgesToTheBinAbove() {
        assertEquals(9, ProbabilisticMetrics.bin(1.0));
        assertEquals(9, ProbabilisticMetrics.bin(0.9));
        assertEquals(0, ProbabilisticMetrics.bin(0.0));
        assertEquals(3, ProbabilisticMetrics.bin(0.35));
    }

    @Test
    void invalidAnswersAndAnswersWithoutScoresAreLeftOutAndCounted() {
        List<ExampleResult> results = new ArrayList<>(workedCase());
        results.add(new ExampleResult("7", "a", null, true, 1.0, 0, 0, null, "no idea", null));
        results.add(new ExampleResult("8", "b", "b", false, 1.0, 0, 0, null, null, null));
        ClassificationReport report = scorer.classification(results, LABELS);
        assertEquals(8, report.accuracy().n(), "accuracy stands on every example");
        assertEquals(6, report.probabilistic().n());
        assertEquals(2, report.probabilistic().leftOut());
        assertEquals(0.3025, report.probabilistic().brier().value(), 1e-12, "the left-out answers are neither perfect nor chance");
        assertEquals(6, report.ledgerMetrics().get(Metric.BRIER).n());
    }

    @Test
    void aSystemWithoutScoresHasNoProbabilisticMetrics() {
        List<ExampleResult> results = List.of(new ExampleResult("1", "a", "a", false, 1.0, 0, 0, null, null, null));
        ClassificationReport report = scorer.classification(results, LABELS);
        assertNull(report.probabilistic());
        assertEquals(List.of(Metric.ACCURACY, Metric.MACRO_F1, Metric.INVALID_RATE), List.copyOf(report.ledgerMetrics().keySet()));
    }

    @Test
    void aLabelWithoutPositivesIsLeftOutOfTheAucAndSaidSo() {
        // No example is truly c: c's AUC is undefined; a: positives .9 .6 vs negatives .2 .5 → 1.0; b the mirror → 1.0.
        List<ExampleResult> results = List.of(scored("1", "a", "a", 0.9, 0.1, 0.0), scored("2", "a", "a", 0.6, 0.3, 0.1),
                scored("3", "b", "b", 0.2, 0.7, 0.1), scored("4", "b", "a", 0.5, 0.4, 0.1));
        ClassificationReport.Probabilistic p = scorer.classification(results, LABELS).probabilistic();
        assertEquals(List.of("c"), p.aucLeftOut());
        // a: positives {.9, .6} over negatives {.2, .5}: 4/4. b: positives {.7, .4} over negatives {.1, .3}: 4/4.
        assertEquals(1.0, p.rocAuc().value(), 1e-12);
    }

    @Test
    void tiesCountOneHalfInTheAuc() {
        // Class a: positive .5 against negatives .5 and .2: (0.5 + 1) / 2 = 0.75; class b the same by symmetry.
        List<ExampleResult> results = List.of(scored("1", "a", "a", 0.5, 0.5, 0.0), scored("2", "b", "a", 0.5, 0.5, 0.0),
                scored("3", "b", "b", 0.2, 0.8, 0.0));
        ProbabilisticMetrics m = new ProbabilisticMetrics(new int[]{0, 1, 1}, new int[]{0, 0, 1},
                new double[][]{{0.5, 0.5, 0}, {0.5, 0.5, 0}, {0.2, 0.8, 0}}, 3);
        assertEquals(0.75, m.macroAuc(new int[]{0, 1, 2}, List.of(0)), 1e-12);
        assertEquals(List.of(0, 1), m.classesWithAuc());
        assertEquals(List.of("c"), scorer.classification(results, LABELS).probabilistic().aucLeftOut());
    }

    @Test
    void logLossClipsAProbabilityOfZeroAt1eMinus15() {
        ProbabilisticMetrics m = new ProbabilisticMetrics(new int[]{0}, new int[]{1}, new double[][]{{0, 1, 0}}, 3);
        assertEquals(-Math.log(1e-15), m.logLoss(new int[]{0}), 1e-9);
        assertEquals(34.538776394910684, m.logLoss(new int[]{0}), 1e-9);
        assertEquals(2.0, m.brier(new int[]{0}), 1e-12, "all mass on a wrong label: the worst Brier score");
    }

    @Test
    void scoresAreNormalisedOverTheLabels() {
        // Scores of 2, 1, 1 are probabilities .5, .25, .25; a label missing from the map has 0.
        List<ExampleResult> results = List.of(new ExampleResult("1", "a", "a", false, 1, 0, 0, null, null, null,
                Map.of("a", 2.0, "b", 1.0, "c", 1.0)), new ExampleResult("2", "b", "b", false, 1, 0, 0, null, null, null,
                Map.of("b", 0.5)));
        ClassificationReport.Probabilistic p = scorer.classification(results, LABELS).probabilistic();
        // Brier: (.25 + .0625 + .0625) and 0, mean .1875.
        assertEquals(0.1875, p.brier().value(), 1e-12);
    }

    @Test
    void theOrderOfTheAnswersDoesNotChangeAnyInterval() {
        List<ExampleResult> results = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            double pa = random.nextDouble();
            String truth = random.nextBoolean() ? "a" : "b";
            results.add(scored("ex-" + i, truth, pa >= 0.5 ? "a" : "b", pa, 1 - pa, 0));
        }
        ClassificationReport first = scorer.classification(results, LABELS);
        List<ExampleResult> shuffled = new ArrayList<>(results);
        Collections.shuffle(shuffled, new Random(1));
        ClassificationReport second = scorer.classification(shuffled, LABELS);
        assertEquals(first.ledgerMetrics(), second.ledgerMetrics());
    }
}
