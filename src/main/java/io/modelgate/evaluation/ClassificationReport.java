package io.modelgate.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a system did on a classification test set.
 *
 * @param confusion rows are true labels, columns the predicted labels in {@code labels} order and, last,
 *                  invalid answers
 */
public record ClassificationReport(MetricValue accuracy, MetricValue macroF1, MetricValue invalidRate,
                                   Map<String, ClassScores> perClass, List<String> labels, int[][] confusion)
        implements Report {

    @JsonIgnore
    @Override
    public Map<Metric, MetricValue> ledgerMetrics() {
        Map<Metric, MetricValue> metrics = new LinkedHashMap<>();
        metrics.put(Metric.ACCURACY, accuracy);
        metrics.put(Metric.MACRO_F1, macroF1);
        metrics.put(Metric.INVALID_RATE, invalidRate);
        return metrics;
    }

    /** Precision, recall and F1 of one label, and how many test examples have it. */
    public record ClassScores(double precision, double recall, double f1, int support) {
    }
}
