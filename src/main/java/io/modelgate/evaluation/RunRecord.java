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
 * @param invalid       examples without a usable answer (invalid, or the request failed)
 * @param latencyP50Ms  per-example latency percentiles, milliseconds
 * @param throughput    examples per second over the whole run
 * @param cost          estimated US dollars, when the LLM has prices
 * @param gitCommit     the commit of the repository holding the model or prompt; {@code unknown} outside git
 * @param status        {@code complete}: only complete runs are written to the ledger
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(String id, String system, String kind, String description, String task, TestSetRef testSet,
                        String systemVersion, String systemSha256, String primaryMetric, Map<String, MetricValue> metrics,
                        int n, int invalid, double latencyP50Ms, double latencyP95Ms, double latencyP99Ms,
                        double throughput, long inputTokens, long outputTokens, Double cost, String gitCommit,
                        Instant startedAt, Instant finishedAt, String comment, String status) {

    public MetricValue primary() {
        return metrics.get(primaryMetric);
    }

    public MetricValue metric(Metric metric) {
        return metrics.get(metric.key());
    }
}
