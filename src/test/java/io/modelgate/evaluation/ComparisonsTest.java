package io.modelgate.evaluation;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paired comparisons are computed in example-id order, and a verdict reads them the right way round. */
class ComparisonsTest {

    private final Comparisons comparisons = new Comparisons(new Bootstrap(2000, 42));

    private static ExampleResult result(String id, String truth, String predicted) {
        return new ExampleResult(id, truth, predicted, predicted == null, 1.0, 0, 0, null, null, null);
    }

    private static List<List<ExampleResult>> twoRuns() {
        Random random = new Random(3);
        List<ExampleResult> a = new ArrayList<>();
        List<ExampleResult> b = new ArrayList<>();
        for (int i = 0; i < 69; i++) {
            String truth = List.of("a", "b", "c").get(i % 3);
            a.add(result("penguins-" + i, truth, random.nextDouble() < 0.9 ? truth : "a"));
            b.add(result("penguins-" + i, truth, random.nextDouble() < 0.5 ? truth : "b"));
        }
        return List.of(a, b);
    }

    @Test
    void theIntervalOfTheDifferenceDoesNotDependOnTheOrderTheAnswersWereWritten() {
        List<List<ExampleResult>> runs = twoRuns();
        Comparison first = comparisons.classification(ScorerTest.row("A"), runs.get(0), ScorerTest.row("B"), runs.get(1));
        for (int seed = 0; seed < 5; seed++) {
            List<ExampleResult> a = new ArrayList<>(runs.get(0));
            List<ExampleResult> b = new ArrayList<>(runs.get(1));
            Collections.shuffle(a, new Random(seed));
            Collections.shuffle(b, new Random(seed + 100));
            Comparison again = comparisons.classification(ScorerTest.row("A"), a, ScorerTest.row("B"), b);
            assertEquals(first.difference(), again.difference());
            assertEquals(first.disagreements(), again.disagreements());
        }
    }

    @Test
    void regressionComparisonsToo() {
        List<ExampleResult> a = new ArrayList<>();
        List<ExampleResult> b = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            a.add(result("x" + i, Integer.toString(i), Double.toString(i + (i % 3) * 0.5)));
            b.add(result("x" + i, Integer.toString(i), Double.toString(i + (i % 4) * 1.0)));
        }
        Comparison first = comparisons.regression(ScorerTest.row("A"), a, ScorerTest.row("B"), b);
        Collections.shuffle(a, new Random(1));
        Comparison again = comparisons.regression(ScorerTest.row("A"), a, ScorerTest.row("B"), b);
        assertEquals(first.difference(), again.difference());
        assertEquals(first.pValue(), again.pValue());
        assertTrue(first.mdd() > 0);
    }

    @Test
    void aClassificationComparisonCarriesMidPTheDiscordantRateAndTheMdd() {
        List<List<ExampleResult>> runs = twoRuns();
        Comparison c = comparisons.classification(ScorerTest.row("A"), runs.get(0), ScorerTest.row("B"), runs.get(1));
        assertEquals(PairedTests.midP(c.aOnlyRight(), c.bOnlyRight()), c.midPValue(), 0);
        assertEquals((c.aOnlyRight() + c.bOnlyRight()) / 69.0, c.discordantRate(), 1e-12);
        assertEquals(PairedTests.mddPaired(69, c.discordantRate()), c.mdd(), 1e-12);
        assertEquals(c.midPValue(), c.pValueHolm(), 0, "alone, nothing to adjust");
    }

    private static RunRecord run(String system, String kind, Double cost, double p50, String comment) {
        return new RunRecord("run-" + system, system, kind, "", "t", TestSetRef.parse("test@00"), "1", null, "accuracy",
                Map.of(), 100, 0, p50, 0, 0, 0, 0, 0, cost, "unknown", Instant.EPOCH, Instant.EPOCH, comment, "complete");
    }

    private static Comparison comparison(String a, String b, double difference, double pHolm) {
        return new Comparison(a, "run-" + a, b, "run-" + b, Metric.ACCURACY, 100,
                new MetricValue(difference, difference - 0.1, difference + 0.1, 100), pHolm, "exact McNemar", 30, 10,
                List.of(), pHolm, pHolm, 3, 0.4, 0.12);
    }

    @Test
    void aVerdictNamesTheBetterSystemByHowMuchHowSureAndAtWhatCost() {
        RunRecord model = run("mlp", "onnx", null, 2.0, null);
        RunRecord prompt = run("zero-shot@default", "prompt", 0.5, 500.0, "stand-in LLM: always Adelie");
        // The prompt is A here: the verdict turns the difference round to model − prompt.
        Verdict v = Verdict.of(comparison("zero-shot@default", "mlp", -0.3, 0.001), prompt, model);
        assertEquals("mlp", v.better());
        assertEquals(0.3, v.difference().value(), 1e-12);
        assertEquals(0.2, v.difference().low(), 1e-12);
        assertEquals(0.4, v.difference().high(), 1e-12);
        assertEquals(5.0, v.promptCostPer1000(), 1e-12);
        assertNull(v.modelCostPer1000());
        assertEquals(250.0, v.latencyRatio(), 1e-12);
        assertTrue(v.standIn());
        assertTrue(v.summary().startsWith("mlp is better than zero-shot@default (prompt) on accuracy by +0.3000 (95% CI +0.2000 to"
                + " +0.4000, n=100), Holm-adjusted mid-p McNemar p = 0.00100 (3 comparisons)"), v.summary());
        assertTrue(v.summary().contains("cost per 1,000 examples: model none (no prices), prompt $5.0000"), v.summary());
        assertTrue(v.summary().endsWith("[stand-in LLM: not a real LLM's numbers]"), v.summary());
    }

    @Test
    void aHolmAdjustedPOfFivePercentOrMoreIsNoSignificantDifference() {
        RunRecord model = run("mlp", "onnx", null, 2.0, null);
        RunRecord prompt = run("zero-shot@default", "prompt", null, 500.0, "a real LLM");
        Verdict v = Verdict.of(comparison("mlp", "zero-shot@default", 0.05, 0.05), model, prompt);
        assertNull(v.better());
        assertFalse(v.standIn());
        assertTrue(v.summary().startsWith("no significant difference between mlp (model) and zero-shot@default (prompt) on accuracy:"
                + " +0.0500"), v.summary());
        Verdict promptWins = Verdict.of(comparison("mlp", "zero-shot@default", -0.2, 0.01), model, prompt);
        assertEquals("zero-shot@default", promptWins.better());
        assertTrue(promptWins.summary().startsWith("zero-shot@default is better than mlp (model) on accuracy by +0.2000 (95% CI"
                + " +0.1000 to +0.3000"), promptWins.summary());
    }

    @Test
    void standInIsReadFromTheCommentOrTheDescription() {
        assertTrue(Verdict.mentionsStandIn("stand-in LLM: guesses a category at random"));
        assertTrue(Verdict.mentionsStandIn("answer with the species name (Stand-in)"));
        assertTrue(Verdict.mentionsStandIn("openai_stand_in.py"));
        assertFalse(Verdict.mentionsStandIn("llama3.2, temperature 0"));
        assertFalse(Verdict.mentionsStandIn(null));
    }
}
