package io.modelgate.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.modelgate.errors.StoreUnavailableException;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The postgresql store's runs: tables {@code runs} (the spec, and who runs it now) and {@code run_answers} (every
 * answer in the order it arrived), see db/migration. A run is claimed with a session advisory lock held on a
 * connection of its own for as long as it runs, so a process that dies releases it with its connection; the claim
 * is also written to the run's row ({@code owner}, {@code heartbeat_at}) for whoever looks.
 */
final class PostgresRuns implements RunStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PostgresRuns.class);
    private static final TypeReference<LinkedHashMap<String, Double>> SCORES = new TypeReference<>() {
    };
    /** The first key of every run's advisory lock, so that modelgate's locks never meet another application's. */
    private static final int LOCK_CLASS = 0x6d67_7275; // "mgru"
    private static final String INSERT_ANSWER = "insert into run_answers (run_id, example_id, truth, predicted, invalid,"
            + " latency_ms, input_tokens, output_tokens, cost, raw_answer, error, scores)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as json))";

    private final DataSource database;
    private final int answerBatch;
    private final Duration flushEvery;
    private final String owner;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "modelgate-answer-flush");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param answerBatch answers gathered into one insert while a run is running
     * @param flushEvery  the longest an answer waits for its batch before it is written anyway
     */
    PostgresRuns(DataSource database, int answerBatch, Duration flushEvery) {
        this.database = database;
        this.answerBatch = answerBatch;
        this.flushEvery = flushEvery;
        this.owner = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    }

    @Override
    public void create(RunSpec spec) {
        String upsert = "insert into runs (id, task, test_set, test_set_sha256, system, comment, started_at, started_at_nanos)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do update set task = excluded.task,"
                + " test_set = excluded.test_set, test_set_sha256 = excluded.test_set_sha256, system = excluded.system,"
                + " comment = excluded.comment, started_at = excluded.started_at,"
                + " started_at_nanos = excluded.started_at_nanos, updated_at = now()";
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(upsert)) {
            insert.setString(1, spec.id());
            insert.setString(2, spec.task());
            insert.setString(3, spec.testSet());
            insert.setString(4, spec.testSetSha256());
            insert.setString(5, spec.system());
            insert.setString(6, spec.comment());
            SqlInstants.set(insert, 7, spec.startedAt());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot save run " + spec.id() + " in PostgreSQL", e);
        }
    }

    @Override
    public Optional<RunSpec> spec(String id) {
        List<RunSpec> specs = specs("select * from runs where id = ?", id);
        return specs.stream().findFirst();
    }

    @Override
    public List<RunSpec> specs() {
        return specs("select * from runs order by started_at desc, started_at_nanos desc", null);
    }

    private List<RunSpec> specs(String query, String id) {
        List<RunSpec> specs = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(query)) {
            if (id != null) {
                select.setString(1, id);
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    specs.add(new RunSpec(row.getString("id"), row.getString("task"), row.getString("test_set"),
                            row.getString("test_set_sha256"), row.getString("system"), row.getString("comment"),
                            SqlInstants.get(row, "started_at")));
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read runs from PostgreSQL", e);
        }
        return specs;
    }

    @Override
    public List<ExampleResult> results(String id) {
        List<ExampleResult> results = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("select * from run_answers where run_id = ? order by seq")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String scores = row.getString("scores");
                    results.add(new ExampleResult(row.getString("example_id"), row.getString("truth"),
                            row.getString("predicted"), row.getBoolean("invalid"), row.getDouble("latency_ms"),
                            row.getInt("input_tokens"), row.getInt("output_tokens"), row.getObject("cost", Double.class),
                            row.getString("raw_answer"), row.getString("error"),
                            scores == null ? null : ResultsJson.MAPPER.readValue(scores, SCORES)));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreUnavailableException("cannot read the answers of run " + id + " from PostgreSQL", e);
        }
        return results;
    }

    /** One batched insert in one transaction: all of {@code results} are saved, or none. */
    @Override
    public void append(String id, List<ExampleResult> results) {
        if (results.isEmpty()) {
            return;
        }
        try (Connection connection = database.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT_ANSWER)) {
                for (ExampleResult result : results) {
                    insert.setString(1, id);
                    insert.setString(2, result.id());
                    insert.setString(3, result.truth());
                    insert.setString(4, result.predicted());
                    insert.setBoolean(5, result.invalid());
                    insert.setDouble(6, result.latencyMs());
                    insert.setInt(7, result.inputTokens());
                    insert.setInt(8, result.outputTokens());
                    insert.setObject(9, result.cost(), Types.DOUBLE);
                    insert.setString(10, result.rawAnswer());
                    insert.setString(11, result.error());
                    insert.setString(12, result.scores() == null ? null : ResultsJson.MAPPER.writeValueAsString(result.scores()));
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreUnavailableException("cannot save " + results.size() + " answers of run " + id + " in PostgreSQL", e);
        }
    }

    @Override
    public AnswerLog answers(String id) {
        return new BufferedAnswerLog(batch -> append(id, batch), answerBatch, flushEvery, flusher);
    }

    @Override
    public Optional<AutoCloseable> lock(String id) {
        Connection connection = null;
        try {
            connection = database.getConnection();
            boolean claimed;
            try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?, hashtext(?))")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setString(2, id);
                try (ResultSet row = lock.executeQuery()) {
                    claimed = row.next() && row.getBoolean(1);
                }
            }
            if (!claimed) {
                connection.close();
                return Optional.empty();
            }
            mark(connection, id, "running", owner);
            Connection held = connection;
            return Optional.of(() -> release(held, id));
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StoreUnavailableException("cannot claim run " + id + " in PostgreSQL", e);
        }
    }

    private void release(Connection connection, String id) throws SQLException {
        try (connection) {
            mark(connection, id, "stopped", null);
            try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?, hashtext(?))")) {
                unlock.setInt(1, LOCK_CLASS);
                unlock.setString(2, id);
                unlock.execute();
            }
        }
    }

    private static void mark(Connection connection, String id, String status, String owner) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update runs set status = ?, owner = ?,"
                + " heartbeat_at = case when ? is null then null else now() end, updated_at = now() where id = ?")) {
            update.setString(1, status);
            update.setString(2, owner);
            update.setString(3, owner);
            update.setString(4, id);
            update.executeUpdate();
        }
    }

    @Override
    public void delete(String id) {
        try (Connection connection = database.getConnection();
             PreparedStatement delete = connection.prepareStatement("delete from runs where id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot delete run " + id + " from PostgreSQL", e);
        }
    }

    /** Stops the flush timer; answer logs still open write what they hold when they are closed. */
    @Override
    public void close() {
        flusher.shutdown();
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debugf("closing a connection: %s", e.getMessage());
        }
    }
}
