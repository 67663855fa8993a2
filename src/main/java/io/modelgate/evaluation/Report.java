package io.modelgate.evaluation;

import java.util.Map;

/** The scores of a run: what kind depends on the task's type, and every kind knows its ledger metrics. */
public sealed interface Report permits ClassificationReport, RegressionReport {

    /** The metrics a ledger row keeps of this report, in the order the row lists them. */
    Map<Metric, MetricValue> ledgerMetrics();
}
