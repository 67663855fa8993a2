package io.modelgate.evaluation;

import org.hipparchus.analysis.solvers.BrentSolver;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.special.Gamma;
import org.hipparchus.stat.descriptive.moment.StandardDeviation;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The statistics of paired comparisons that no library has in this form: the mid-p McNemar test, Holm's
 * step-down adjustment and the minimum detectable difference of a paired design.
 */
final class PairedTests {

    /** Two-sided significance level of every test and of the minimum detectable difference. */
    static final double ALPHA = 0.05;
    /** Power of the minimum detectable difference. */
    static final double POWER = 0.8;

    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    private PairedTests() {
    }

    /**
     * The mid-p McNemar test (Fagerland, Lydersen and Laake 2013, BMC Med Res Methodol 13:91): the exact
     * conditional test's two-sided p-value with half the probability of the observed split taken off,
     * {@code 2 · [P(X ≤ k) − ½ · P(X = k)] = 2 · [P(X < k) + ½ · P(X = k)]} with k = min(b, c) and
     * X ~ Binomial(b + c, ½). 1 when b + c is 0.
     *
     * @param b examples only A got right
     * @param c examples only B got right
     */
    static double midP(int b, int c) {
        int n = b + c;
        if (n == 0) {
            return 1.0;
        }
        // P(X ≤ k − 1) + ½ · P(X = k), a sum of positive terms: subtracting half of Hipparchus's probability(k) from
        // its cumulativeProbability(k) went negative for lopsided splits (714 against 22), whose tail is near 1e-180.
        int k = Math.min(b, c);
        double tail = 0.5 * binomialHalf(n, k);
        for (int i = 0; i < k; i++) {
            tail += binomialHalf(n, i);
        }
        return Math.min(1.0, 2 * tail);
    }

    /** P(X = i) for X ~ Binomial(n, ½), from log-gamma so that it stays accurate far into the tail. */
    private static double binomialHalf(int n, int i) {
        return Math.exp(Gamma.logGamma(n + 1.0) - Gamma.logGamma(i + 1.0) - Gamma.logGamma(n - i + 1.0) - n * Math.log(2));
    }

    /**
     * Holm's step-down adjustment (Holm 1979): sorted ascending, the i-th smallest of m p-values (i from 0)
     * becomes {@code max over j ≤ i of min(1, (m − j) · p_(j))}. Returned in the order given.
     */
    static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            running = Math.max(running, Math.min(1.0, (m - rank) * p[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }

    /**
     * The smallest difference of two paired proportions (accuracy of A − accuracy of B) that {@code n} examples
     * detect with a two-sided test at {@link #ALPHA} and power {@link #POWER}, when a share {@code discordant} of
     * the examples is got right by exactly one of the two: Connor's (1987) normal-approximation sample size for
     * McNemar's test, {@code n = [z_{1−α/2}·√ψ + z_{1−β}·√(ψ − δ²)]² / δ²}, solved for δ. NaN when ψ is 0 (nothing
     * to go on) or when no δ up to ψ (the largest difference ψ allows) is detectable.
     */
    static double mddPaired(int n, double discordant) {
        if (n <= 0 || !(discordant > 0) || discordant > 1) {
            return Double.NaN;
        }
        double za = NORMAL.inverseCumulativeProbability(1 - ALPHA / 2);
        double zb = NORMAL.inverseCumulativeProbability(POWER);
        double psi = discordant;
        // Increasing in δ: the root is the δ at which n examples are just enough.
        org.hipparchus.analysis.UnivariateFunction f =
                d -> Math.sqrt(n) * d - za * Math.sqrt(psi) - zb * Math.sqrt(Math.max(0, psi - d * d));
        if (f.value(psi) < 0) {
            return Double.NaN;
        }
        return new BrentSolver(1e-12).solve(200, f, 0, psi);
    }

    /**
     * The minimum detectable difference of a statistic with a normal sampling distribution and standard error
     * {@code se}: {@code (z_{1−α/2} + z_{1−β}) · se} (regression: the bootstrap's standard error of the RMSE
     * difference).
     */
    static double mddNormal(double se) {
        return (NORMAL.inverseCumulativeProbability(1 - ALPHA / 2) + NORMAL.inverseCumulativeProbability(POWER)) * se;
    }

    /** The sample standard deviation of {@code values} (n − 1): a bootstrap's standard error. */
    static double standardDeviation(double[] values) {
        return values.length < 2 ? Double.NaN : new StandardDeviation().evaluate(values);
    }
}
