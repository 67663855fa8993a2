package io.modelgate.evaluation;

import org.hipparchus.stat.inference.AlternativeHypothesis;
import org.hipparchus.stat.inference.BinomialTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Paired comparisons of two runs on the same test set. */
final class Comparisons {

    private final Bootstrap bootstrap;

    Comparisons(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    Comparison classification(RunRecord a, List<ExampleResult> resultsA, RunRecord b, List<ExampleResult> resultsB) {
        List<ExampleResult[]> pairs = pairs(resultsA, resultsB);
        int n = pairs.size();
        boolean[] rightA = new boolean[n];
        boolean[] rightB = new boolean[n];
        int onlyA = 0;
        int onlyB = 0;
        for (int i = 0; i < n; i++) {
            rightA[i] = pairs.get(i)[0].correct();
            rightB[i] = pairs.get(i)[1].correct();
            onlyA += rightA[i] && !rightB[i] ? 1 : 0;
            onlyB += rightB[i] && !rightA[i] ? 1 : 0;
        }
        // Exact McNemar: under "no difference" the discordant pairs split as a fair coin would.
        double p = onlyA + onlyB == 0 ? 1.0
                : new BinomialTest().binomialTest(onlyA + onlyB, onlyA, 0.5, AlternativeHypothesis.TWO_SIDED);
        MetricValue difference = bootstrap.estimate(n, sample -> {
            double d = 0;
            for (int i : sample) {
                d += (rightA[i] ? 1 : 0) - (rightB[i] ? 1 : 0);
            }
            return d / sample.length;
        });
        double discordant = n == 0 ? Double.NaN : (double) (onlyA + onlyB) / n;
        double mdd = PairedTests.mddPaired(n, discordant);
        double midP = PairedTests.midP(onlyA, onlyB);
        return new Comparison(a.system(), a.id(), b.system(), b.id(), Metric.ACCURACY, n, difference, p, "exact McNemar",
                onlyA, onlyB, disagreements(pairs), midP, midP, 1, n == 0 ? null : discordant, Double.isNaN(mdd) ? null : mdd);
    }

    Comparison regression(RunRecord a, List<ExampleResult> resultsA, RunRecord b, List<ExampleResult> resultsB) {
        List<ExampleResult[]> pairs = new ArrayList<>();
        for (ExampleResult[] pair : pairs(resultsA, resultsB)) {
            if (!pair[0].invalid() && pair[0].predicted() != null && !pair[1].invalid() && pair[1].predicted() != null) {
                pairs.add(pair);
            }
        }
        int n = pairs.size();
        double[] errorA = new double[n];
        double[] errorB = new double[n];
        for (int i = 0; i < n; i++) {
            double truth = Double.parseDouble(pairs.get(i)[0].truth());
            errorA[i] = square(Double.parseDouble(pairs.get(i)[0].predicted()) - truth);
            errorB[i] = square(Double.parseDouble(pairs.get(i)[1].predicted()) - truth);
        }
        java.util.function.ToDoubleFunction<int[]> rmseDifference = sample -> {
            double sumA = 0;
            double sumB = 0;
            for (int i : sample) {
                sumA += errorA[i];
                sumB += errorB[i];
            }
            return Math.sqrt(sumA / sample.length) - Math.sqrt(sumB / sample.length);
        };
        MetricValue difference = bootstrap.estimate(n, rmseDifference);
        // Two-sided bootstrap p-value: how often the resampled difference falls on the other side of 0.
        double[] resampled = bootstrap.resampled(n, rmseDifference);
        long below = java.util.Arrays.stream(resampled).filter(d -> d <= 0).count();
        long above = java.util.Arrays.stream(resampled).filter(d -> d >= 0).count();
        double p = resampled.length == 0 ? 1.0 : Math.min(1.0, 2.0 * Math.min(below, above) / resampled.length);
        // The bootstrap's spread of the difference is its standard error.
        double mdd = PairedTests.mddNormal(PairedTests.standardDeviation(resampled));
        return new Comparison(a.system(), a.id(), b.system(), b.id(), Metric.RMSE, n, difference, p, "paired bootstrap",
                null, null, disagreements(pairs(resultsA, resultsB)), null, p, 1, null, Double.isNaN(mdd) ? null : mdd);
    }

    /**
     * The examples both answered, as (A, B) pairs sorted by example id: the one order every paired statistic is
     * computed in, whatever order the answers were written in. The newest answer of an example counts.
     */
    static List<ExampleResult[]> pairs(List<ExampleResult> a, List<ExampleResult> b) {
        Map<String, ExampleResult> byId = new LinkedHashMap<>();
        b.forEach(r -> byId.put(r.id(), r));
        Map<String, ExampleResult> newestA = new java.util.TreeMap<>();
        a.forEach(r -> newestA.put(r.id(), r));
        List<ExampleResult[]> pairs = new ArrayList<>();
        for (ExampleResult r : newestA.values()) {
            ExampleResult other = byId.get(r.id());
            if (other != null) {
                pairs.add(new ExampleResult[]{r, other});
            }
        }
        return pairs;
    }

    private static List<Comparison.Disagreement> disagreements(List<ExampleResult[]> pairs) {
        List<Comparison.Disagreement> list = new ArrayList<>();
        for (ExampleResult[] pair : pairs) {
            String a = pair[0].invalid() ? null : pair[0].predicted();
            String b = pair[1].invalid() ? null : pair[1].predicted();
            if (!java.util.Objects.equals(a, b)) {
                list.add(new Comparison.Disagreement(pair[0].id(), pair[0].truth(), a, b));
            }
        }
        return list;
    }

    private static double square(double x) {
        return x * x;
    }
}
