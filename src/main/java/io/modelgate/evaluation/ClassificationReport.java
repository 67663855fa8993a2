package io.modelgate.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a system did on a classification test set.
 *
 * @param confusion        rows are true labels, columns the predicted labels in {@code labels} order and, last,
 *                         invalid answers
 * @param probabilistic    the metrics of the label probabilities; null when the system gives none (a prompt in
 *                         the text or json_schema mode)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassificationReport(MetricValue accuracy, MetricValue macroF1, MetricValue invalidRate,
                                   Map<String, ClassScores> perClass, List<String> labels, int[][] confusion,
                                   Probabilistic probabilistic)
        implements Report {

    public ClassificationReport(MetricValue accuracy, MetricValue macroF1, MetricValue invalidRate,
                                Map<String, ClassScores> perClass, List<String> labels, int[][] confusion) {
        this(accuracy, macroF1, invalidRate, perClass, labels, confusion, null);
    }

    @JsonIgnore
    @Override
    public Map<Metric, MetricValue> ledgerMetrics() {
        Map<Metric, MetricValue> metrics = new LinkedHashMap<>();
        metrics.put(Metric.ACCURACY, accuracy);
        metrics.put(Metric.MACRO_F1, macroF1);
        metrics.put(Metric.INVALID_RATE, invalidRate);
        if (probabilistic != null) {
            metrics.put(Metric.ECE, probabilistic.ece());
            metrics.put(Metric.BRIER, probabilistic.brier());
            metrics.put(Metric.LOG_LOSS, probabilistic.logLoss());
            if (probabilistic.rocAuc() != null) {
                metrics.put(Metric.ROC_AUC, probabilistic.rocAuc());
            }
        }
        return metrics;
    }

    /** Precision, recall and F1 of one label, and how many test examples have it. */
    public record ClassScores(double precision, double recall, double f1, int support) {
    }

    /**
     * The metrics of the label probabilities, each over the {@code n} examples that have them (invalid answers
     * have none and are left out; {@code leftOut} says how many).
     *
     * @param reliability   the ECE's 10 bins of the predicted label's probability: n, mean confidence, accuracy
     * @param rocAuc        null when no label has both positives and negatives
     * @param aucLeftOut    labels without an AUC (no positives, or no negatives, among the scored examples)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Probabilistic(int n, int leftOut, MetricValue ece, MetricValue brier, MetricValue logLoss,
                                MetricValue rocAuc, List<String> aucLeftOut, List<ReliabilityBin> reliability) {
    }

    /**
     * One bin of the reliability diagram, {@code [low, high)} (the last also holds 1): how many answers' predicted
     * label had a probability in it, their mean probability and how many of them were right (null when empty).
     */
    public record ReliabilityBin(double low, double high, int n, Double meanConfidence, Double accuracy) {
    }
}
