package io.modelgate.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * One row of the ledger: one system evaluated on one test set at one git commit.
 *
 * @param testSet       the test set and its checksum, written {@code name@sha256}
 * @param systemSha256  the SHA-256 of the ONNX file or prompt template that answered
 * @param metrics       every metric with its 95% interval and n, by {@link Metric#key()}; names, not the
 *                      enum, so that a row with a metric this version does not know can still be read
 * @param n             examples answered (an invalid answer is an answer); metrics stand on these
 * @param invalid       answers that named no label or number in range
 * @param latencyP50Ms  per-example latency percentiles, milliseconds
 * @param throughput    examples per second over the whole run
 * @param cost          estimated US dollars, when the LLM has prices
 * @param gitCommit     the commit of the repository holding the model or prompt; {@code unknown} outside git
 * @param status        {@code complete}, or {@code incomplete}: more than {@code modelgate.results.max-failed-share}
 *                      of the examples failed, or the run stopped at its cost limit; an incomplete run is no result
 *                      (never on the leaderboard, in the gauge or in comparisons) and is resumed when asked again
 * @param failed        examples the system could not answer (it threw), left out of every metric
 * @param reason        why the run is incomplete
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(String id, String system, String kind, String description, String task, TestSetRef testSet,
                        String systemVersion, String systemSha256, String primaryMetric, Map<String, MetricValue> metrics,
                        int n, int invalid, double latencyP50Ms, double latencyP95Ms, double latencyP99Ms,
                        double throughput, long inputTokens, long outputTokens, Double cost, String gitCommit,
                        Instant startedAt, Instant finishedAt, String comment, String status, int failed,
                        String reason) {

    public static final String COMPLETE = "complete";
    public static final String INCOMPLETE = "incomplete";

    public RunRecord(String id, String system, String kind, String description, String task, TestSetRef testSet,
                     String systemVersion, String systemSha256, String primaryMetric, Map<String, MetricValue> metrics,
                     int n, int invalid, double latencyP50Ms, double latencyP95Ms, double latencyP99Ms,
                     double throughput, long inputTokens, long outputTokens, Double cost, String gitCommit,
                     Instant startedAt, Instant finishedAt, String comment, String status) {
        this(id, system, kind, description, task, testSet, systemVersion, systemSha256, primaryMetric, metrics, n, invalid,
                latencyP50Ms, latencyP95Ms, latencyP99Ms, throughput, inputTokens, outputTokens, cost, gitCommit, startedAt,
                finishedAt, comment, status, 0, null);
    }

    /** A result: only complete runs enter the leaderboard, the gauge and comparisons. */
    public boolean complete() {
        return status == null || COMPLETE.equals(status);
    }

    public MetricValue primary() {
        return metrics.get(primaryMetric);
    }

    public MetricValue metric(Metric metric) {
        return metrics.get(metric.key());
    }
}
