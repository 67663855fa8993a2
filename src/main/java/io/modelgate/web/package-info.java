/**
 * The dashboard at {@code /}: leaderboard, latency/metric scatter, confusion matrix and disagreements of
 * the runs on a test set, laid out for its Qute template.
 *
 * <p>It only reads: tasks, systems, and runs through {@link io.modelgate.evaluation.RunReports}. It never
 * starts or cancels a run and never writes the ledger; the page's run button calls the REST API
 * ({@code POST /api/runs}) from the browser like any other client. Metric directions come from
 * {@link io.modelgate.evaluation.Metric}, never from a list of its own.
 */
package io.modelgate.web;
