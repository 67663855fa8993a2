package io.modelgate.evaluation;

import java.util.List;

/**
 * The latest complete run of every system on a test set and their paired comparisons: every pair when there are
 * two runs; with three or more, every pair with the best run or with a trained model, their p-values
 * Holm-adjusted together. {@code verdicts} sets every trained model against every prompt.
 */
public record ComparisonReport(String task, String testSet, List<RunRecord> runs, List<Comparison> comparisons,
                               List<Verdict> verdicts) {
}
