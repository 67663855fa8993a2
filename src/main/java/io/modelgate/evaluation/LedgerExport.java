package io.modelgate.evaluation;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.quarkus.qute.Escaper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The ledger as the course's results table (Markdown) and as CSV for a spreadsheet. */
final class LedgerExport {

    private static final String[] COLUMNS = {"run", "system", "kind", "description", "task", "test_set", "metric", "value",
            "ci_low", "ci_high", "n", "invalid", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "throughput_per_s",
            "input_tokens", "output_tokens", "cost_usd", "git_commit", "finished_at", "comment"};

    /**
     * A Markdown cell's text: Markdown renderers pass HTML through, so a run comment such as {@code <script>} would
     * run in whoever views the table; a {@code |} would end the cell and a line break the row.
     */
    private static final Escaper MARKDOWN_CELL = Escaper.builder().add('&', "&amp;").add('<', "&lt;").add('>', "&gt;")
            .add('"', "&quot;").add('\'', "&#39;").add('|', "\\|").add('\n', " ").add('\r', " ").build();

    private LedgerExport() {
    }

    /** The course's results table: system, description, metric, value (95% CI), test set, git commit, comments. */
    static String markdown(List<RunRecord> rows) {
        StringBuilder table = new StringBuilder("| system | description | metric | value (95% CI) | n | test set | git commit | comments |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (RunRecord row : rows) {
            MetricValue primary = row.primary();
            String comments = (row.comment() == null ? "" : row.comment())
                    + (row.invalid() > 0 ? (row.comment() == null ? "" : "; ") + row.invalid() + " invalid answers" : "");
            table.append("| ").append(cell(row.system() + (row.systemVersion() == null ? "" : " v" + row.systemVersion())))
                    .append(" | ").append(cell(row.description()))
                    .append(" | ").append(cell(row.primaryMetric()))
                    .append(" | ").append(primary == null ? "" : String.format(Locale.ROOT, "%.3f (%.3f–%.3f)",
                            primary.value(), primary.low(), primary.high()))
                    .append(" | ").append(row.n())
                    .append(" | ").append(cell(row.testSet().shortForm()))
                    .append(" | ").append(cell(row.gitCommit()))
                    .append(" | ").append(cell(comments)).append(" |\n");
        }
        return table.toString();
    }

    static String csv(List<RunRecord> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        for (String column : COLUMNS) {
            schema.addColumn(column);
        }
        List<List<Object>> lines = new ArrayList<>();
        for (RunRecord row : rows) {
            MetricValue primary = row.primary();
            lines.add(java.util.Arrays.asList(row.id(), row.system(), row.kind(), row.description(), row.task(), row.testSet().toString(),
                    row.primaryMetric(), primary == null ? null : primary.value(), primary == null ? null : primary.low(),
                    primary == null ? null : primary.high(), row.n(), row.invalid(), row.latencyP50Ms(), row.latencyP95Ms(),
                    row.latencyP99Ms(), row.throughput(), row.inputTokens(), row.outputTokens(), row.cost(), row.gitCommit(),
                    String.valueOf(row.finishedAt()), row.comment()));
        }
        try {
            return new CsvMapper().writer(schema.build()).writeValueAsString(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cell(String text) {
        return text == null ? "" : MARKDOWN_CELL.escape(text);
    }
}
