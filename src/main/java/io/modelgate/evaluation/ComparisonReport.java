package io.modelgate.evaluation;

import java.util.List;

/** The latest complete run of every system on a test set, and every pair of them compared. */
public record ComparisonReport(String task, String testSet, List<RunRecord> runs, List<Comparison> comparisons) {
}
