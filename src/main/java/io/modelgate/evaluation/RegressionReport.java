package io.modelgate.evaluation;

/**
 * How a system did on a regression test set; the metrics stand on the valid answers, the invalid rate
 * on all examples.
 */
public record RegressionReport(MetricValue rmse, MetricValue mae, MetricValue r2, MetricValue invalidRate) {
}
