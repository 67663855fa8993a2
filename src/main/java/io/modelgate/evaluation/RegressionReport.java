package io.modelgate.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a system did on a regression test set; the metrics stand on the valid answers, the invalid rate
 * on all examples. The naive baseline's RMSE and MAE (absent when the task has none) stand on the
 * same valid examples, so that they can be set side by side. A similarity task (targets 0 to 1) also gets
 * the RMSE per target bin of width 0.1, as MS2DeepScore reports it: a model that is good on the common
 * low similarities only cannot hide behind the overall RMSE.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegressionReport(MetricValue rmse, MetricValue mae, MetricValue r2, MetricValue invalidRate,
                               MetricValue baselineRmse, MetricValue baselineMae, List<BinError> perBin)
        implements Report {

    @JsonIgnore
    @Override
    public Map<Metric, MetricValue> ledgerMetrics() {
        Map<Metric, MetricValue> metrics = new LinkedHashMap<>();
        metrics.put(Metric.RMSE, rmse);
        metrics.put(Metric.MAE, mae);
        metrics.put(Metric.R2, r2);
        metrics.put(Metric.INVALID_RATE, invalidRate);
        if (baselineRmse != null) {
            metrics.put(Metric.BASELINE_RMSE, baselineRmse);
            metrics.put(Metric.BASELINE_MAE, baselineMae);
        }
        return metrics;
    }

    /**
     * The RMSE of the valid answers whose true value lies in {@code (low, high]} (the first bin also takes
     * everything at or below its high edge); {@code rmse} is null when no example is in the bin.
     */
    public record BinError(double low, double high, int n, Double rmse) {
    }
}
