package io.modelgate.evaluation;

import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;
import org.hipparchus.stat.descriptive.rank.Percentile;

import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap: the metric recomputed on resamples (with replacement) of the examples, and
 * the 2.5th and 97.5th percentiles of those values as the 95% interval. Seeded, so the same results
 * always give the same interval.
 */
final class Bootstrap {

    private final int resamples;
    private final long seed;

    Bootstrap(int resamples, long seed) {
        this.resamples = resamples;
        this.seed = seed;
    }

    /** The metric on all {@code n} examples, with its interval; {@code metric} reads a list of example indices. */
    MetricValue estimate(int n, ToDoubleFunction<int[]> metric) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        double value = n == 0 ? Double.NaN : metric.applyAsDouble(all);
        if (n == 0) {
            return new MetricValue(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] interval = interval(n, metric);
        return new MetricValue(value, interval[0], interval[1], n);
    }

    /** The 95% interval of a metric over resamples of {@code n} indices. */
    double[] interval(int n, ToDoubleFunction<int[]> metric) {
        double[] values = resampled(n, metric);
        if (values.length == 0) {
            return new double[]{Double.NaN, Double.NaN};
        }
        Percentile percentile = new Percentile();
        percentile.setData(values);
        return new double[]{percentile.evaluate(2.5), percentile.evaluate(97.5)};
    }

    /** The metric on every resample (those where it is defined). */
    double[] resampled(int n, ToDoubleFunction<int[]> metric) {
        if (n == 0) {
            return new double[0];
        }
        RandomGenerator random = new Well19937c(seed);
        double[] values = new double[resamples];
        int[] sample = new int[n];
        int kept = 0;
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                sample[i] = random.nextInt(n);
            }
            double value = metric.applyAsDouble(sample);
            if (!Double.isNaN(value)) {
                values[kept++] = value;
            }
        }
        return java.util.Arrays.copyOf(values, kept);
    }
}
