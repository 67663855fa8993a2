package io.modelgate.evaluation;

/**
 * How a system did on a regression test set; the metrics stand on the valid answers, the invalid rate
 * on all examples. The naive baseline's RMSE and MAE (absent when the task has none) stand on the
 * same valid examples, so that they can be set side by side.
 */
public record RegressionReport(MetricValue rmse, MetricValue mae, MetricValue r2, MetricValue invalidRate,
                               MetricValue baselineRmse, MetricValue baselineMae) {
}
