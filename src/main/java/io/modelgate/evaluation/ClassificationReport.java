package io.modelgate.evaluation;

import java.util.List;
import java.util.Map;

/**
 * How a system did on a classification test set.
 *
 * @param confusion rows are true labels, columns the predicted labels in {@code labels} order and, last,
 *                  invalid answers
 */
public record ClassificationReport(MetricValue accuracy, MetricValue macroF1, MetricValue invalidRate,
                                   Map<String, ClassScores> perClass, List<String> labels, int[][] confusion) {

    /** Precision, recall and F1 of one label, and how many test examples have it. */
    public record ClassScores(double precision, double recall, double f1, int support) {
    }
}
