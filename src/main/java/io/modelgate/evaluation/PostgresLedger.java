package io.modelgate.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.modelgate.errors.StoreUnavailableException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** The postgresql store's ledger: table {@code ledger_rows} (db/migration), one row per appended ledger row. */
final class PostgresLedger implements LedgerStore {

    private static final TypeReference<LinkedHashMap<String, MetricValue>> METRICS = new TypeReference<>() {
    };
    private static final String INSERT = "insert into ledger_rows (run_id, system, kind, description, task, test_set,"
            + " test_set_sha256, system_version, system_sha256, primary_metric, metrics, n, invalid, latency_p50_ms,"
            + " latency_p95_ms, latency_p99_ms, throughput, input_tokens, output_tokens, cost, git_commit, started_at,"
            + " started_at_nanos, finished_at, finished_at_nanos, comment, status, failed, reason)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as json), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource database;

    PostgresLedger(DataSource database) {
        this.database = database;
    }

    @Override
    public void append(RunRecord row) {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            int i = 0;
            insert.setString(++i, row.id());
            insert.setString(++i, row.system());
            insert.setString(++i, row.kind());
            insert.setString(++i, row.description());
            insert.setString(++i, row.task());
            insert.setString(++i, row.testSet().name());
            insert.setString(++i, row.testSet().sha256());
            insert.setString(++i, row.systemVersion());
            insert.setString(++i, row.systemSha256());
            insert.setString(++i, row.primaryMetric());
            insert.setString(++i, ResultsJson.MAPPER.writeValueAsString(row.metrics()));
            insert.setInt(++i, row.n());
            insert.setInt(++i, row.invalid());
            insert.setDouble(++i, row.latencyP50Ms());
            insert.setDouble(++i, row.latencyP95Ms());
            insert.setDouble(++i, row.latencyP99Ms());
            insert.setDouble(++i, row.throughput());
            insert.setLong(++i, row.inputTokens());
            insert.setLong(++i, row.outputTokens());
            insert.setObject(++i, row.cost(), Types.DOUBLE);
            insert.setString(++i, row.gitCommit());
            SqlInstants.set(insert, ++i, row.startedAt());
            SqlInstants.set(insert, i += 2, row.finishedAt());
            i++;
            insert.setString(++i, row.comment());
            insert.setString(++i, row.status());
            insert.setInt(++i, row.failed());
            insert.setString(++i, row.reason());
            insert.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreUnavailableException("cannot append run " + row.id() + " to the ledger in PostgreSQL", e);
        }
    }

    @Override
    public List<RunRecord> rows() {
        List<RunRecord> rows = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("select * from ledger_rows order by seq");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                rows.add(new RunRecord(row.getString("run_id"), row.getString("system"), row.getString("kind"),
                        row.getString("description"), row.getString("task"),
                        new TestSetRef(row.getString("test_set"), row.getString("test_set_sha256")),
                        row.getString("system_version"), row.getString("system_sha256"), row.getString("primary_metric"),
                        ResultsJson.MAPPER.readValue(row.getString("metrics"), METRICS), row.getInt("n"), row.getInt("invalid"),
                        row.getDouble("latency_p50_ms"), row.getDouble("latency_p95_ms"), row.getDouble("latency_p99_ms"),
                        row.getDouble("throughput"), row.getLong("input_tokens"), row.getLong("output_tokens"),
                        row.getObject("cost", Double.class), row.getString("git_commit"), SqlInstants.get(row, "started_at"),
                        SqlInstants.get(row, "finished_at"), row.getString("comment"), row.getString("status"),
                        row.getInt("failed"), row.getString("reason")));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreUnavailableException("cannot read the ledger from PostgreSQL", e);
        }
        return rows;
    }
}
