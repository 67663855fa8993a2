package io.modelgate.evaluation;

/**
 * A metric with its 95% bootstrap confidence interval and the number of examples it stands on.
 */
public record MetricValue(double value, double low, double high, int n) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.4f (%.4f–%.4f, n=%d)", value, low, high, n);
    }
}
