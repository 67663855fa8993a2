/**
 * Evaluation: benchmark runs of any system on a task's test set, their scores with confidence
 * intervals, paired comparisons, and the ledger every complete run is appended to.
 *
 * <p>What it owns: {@link io.modelgate.evaluation.RunPlanner} checks a request and decides whether it
 * resumes an unfinished run; {@link io.modelgate.evaluation.RunExecutor} runs it (batches, concurrency,
 * cancellation, its threads); {@link io.modelgate.evaluation.ActiveRuns} knows the runs in progress and
 * {@link io.modelgate.evaluation.RunProgressEvents} streams their progress;
 * {@link io.modelgate.evaluation.RunReports} reads what runs add up to (ledger, scores, comparisons) and
 * writes nothing; {@link io.modelgate.evaluation.RunMetrics} publishes the latest results to Prometheus.
 * What runs keep is read and written only through {@code LedgerStore} and {@code RunStore}, whose files
 * ({@code LedgerFile}, {@code RunFiles}) or PostgreSQL ({@code PostgresLedger}, {@code PostgresRuns}) implementation
 * {@code ResultStores} chooses from {@code modelgate.store}. {@link io.modelgate.evaluation.RunsResource} and
 * {@link io.modelgate.evaluation.BenchmarkCommand} are the two front ends, REST and CLI, over the same classes;
 * {@link io.modelgate.evaluation.StoreCopyCommand} copies one store into the other.
 *
 * <p>What it must not know: which kind of system answers. It talks to ONNX models, prompts and spectra
 * systems only through {@link io.modelgate.systems.TaskSystem}, and reads what an answer cost from the
 * generic {@link io.modelgate.systems.Usage}, never asking whether an LLM gave it. Metric names and
 * directions live in {@link io.modelgate.evaluation.Metric}, the {@code name@sha256} form of a test set in
 * {@link io.modelgate.evaluation.TestSetRef}; nothing else spells them out.
 */
package io.modelgate.evaluation;
