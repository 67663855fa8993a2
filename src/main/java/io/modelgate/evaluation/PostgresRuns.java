package io.modelgate.evaluation;

import io.modelgate.config.DaemonTimers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.modelgate.errors.StoreUnavailableException;

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
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The postgresql store's runs: tables {@code runs} (the spec, who runs it now, its progress) and {@code run_answers}
 * (every answer in the order it arrived), see db/migration. A run is owned through a lease in its row ({@code owner},
 * {@code heartbeat_at}, see {@link PostgresRunLease}): a replica that dies stops renewing it, and once it expired
 * another replica claims the run and resumes it.
 */
final class PostgresRuns implements RunStore, AutoCloseable {

    private static final TypeReference<LinkedHashMap<String, Double>> SCORES = new TypeReference<>() {
    };
    private static final String INSERT_ANSWER = "insert into run_answers (run_id, example_id, truth, predicted, invalid,"
            + " latency_ms, input_tokens, output_tokens, cost, raw_answer, error, scores)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as json))";

    /** How often a sitting that ended waits again for a store that does not answer, to save its last answers. */
    private static final Duration STORE_RETRY = Duration.ofSeconds(1);

    private final DataSource database;
    private final int answerBatch;
    private final Duration flushEvery;
    private final Duration leaseHeartbeat;
    private final Duration leaseExpiry;
    /** This process among the replicas: its pid and host, and a random part for a pid reused by a restarted pod. */
    private final String owner;
    private final ScheduledExecutorService heartbeats = DaemonTimers.single("modelgate-run-lease");
    private final ScheduledExecutorService flusher = DaemonTimers.single("modelgate-answer-flush");

    /**
     * @param answerBatch answers gathered into one insert while a run is running
     * @param flushEvery  the longest an answer waits for its batch before it is written anyway
     * @param leaseHeartbeat how often an owner renews its lease on a run
     * @param leaseExpiry    how old a lease may get before another process may claim the run
     */
    PostgresRuns(DataSource database, int answerBatch, Duration flushEvery, Duration leaseHeartbeat, Duration leaseExpiry) {
        this.database = database;
        this.answerBatch = answerBatch;
        this.flushEvery = flushEvery;
        this.leaseHeartbeat = leaseHeartbeat;
        this.leaseExpiry = leaseExpiry;
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void create(RunSpec spec) {
        String upsert = "insert into runs (id, task, test_set, test_set_sha256, system, comment, started_at, started_at_nanos,"
                + " max_cost, example_timeout_s) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do update set"
                + " task = excluded.task, test_set = excluded.test_set, test_set_sha256 = excluded.test_set_sha256,"
                + " system = excluded.system, comment = excluded.comment, started_at = excluded.started_at,"
                + " started_at_nanos = excluded.started_at_nanos, max_cost = excluded.max_cost,"
                + " example_timeout_s = excluded.example_timeout_s, updated_at = now()";
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(upsert)) {
            insert.setString(1, spec.id());
            insert.setString(2, spec.task());
            insert.setString(3, spec.testSet());
            insert.setString(4, spec.testSetSha256());
            insert.setString(5, spec.system());
            insert.setString(6, spec.comment());
            SqlInstants.set(insert, 7, spec.startedAt());
            insert.setObject(9, spec.maxCost(), Types.DOUBLE);
            insert.setObject(10, spec.exampleTimeoutS(), Types.DOUBLE);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot save run " + spec.id() + " in PostgreSQL", e);
        }
    }

    @Override
    public Optional<RunSpec> spec(String id) {
        return specs("select * from runs where id = ?", select -> select.setString(1, id)).stream().findFirst();
    }

    @Override
    public List<RunSpec> specs() {
        return specs("select * from runs order by started_at desc, started_at_nanos desc", select -> { });
    }

    /** What a query binds before it runs. */
    private interface Parameters {
        void bind(PreparedStatement select) throws SQLException;
    }

    private List<RunSpec> specs(String query, Parameters parameters) {
        List<RunSpec> specs = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement(query)) {
            parameters.bind(select);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    specs.add(spec(row));
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read runs from PostgreSQL", e);
        }
        return specs;
    }

    private static RunSpec spec(ResultSet row) throws SQLException {
        return new RunSpec(row.getString("id"), row.getString("task"), row.getString("test_set"),
                row.getString("test_set_sha256"), row.getString("system"), row.getString("comment"),
                SqlInstants.get(row, "started_at"), row.getObject("max_cost", Double.class),
                row.getObject("example_timeout_s", Double.class));
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
        return new BufferedAnswerLog(batch -> append(id, batch), answerBatch, flushEvery, flusher, STORE_RETRY);
    }

    /**
     * One update claims the run, so two replicas never both get it: it is free when nobody owns it or its owner's
     * heartbeat is older than the lease's expiry (timed by the database's clock, never a replica's).
     */
    @Override
    public Optional<RunClaim> claim(String id) {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement("update runs set status = 'running', owner = ?,"
                     + " heartbeat_at = now(), cancel_requested = false, updated_at = now() where id = ? and (owner is null"
                     + " or heartbeat_at is null or heartbeat_at < now() - make_interval(secs => ?))")) {
            update.setString(1, owner);
            update.setString(2, id);
            update.setDouble(3, leaseExpiry.toMillis() / 1000.0);
            if (update.executeUpdate() == 0) {
                return Optional.empty();
            }
            return Optional.of(new PostgresRunLease(database, id, owner, leaseHeartbeat, heartbeats));
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot claim run " + id + " in PostgreSQL", e);
        }
    }

    @Override
    public boolean requestCancel(String id) {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement("update runs set cancel_requested = true,"
                     + " updated_at = now() where id = ? and status = 'running' and owner is not null")) {
            update.setString(1, id);
            return update.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot cancel run " + id + " in PostgreSQL", e);
        }
    }

    @Override
    public Optional<RunProgress> progress(String id) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("select progress from runs where id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || row.getString(1) == null) {
                    return Optional.empty();
                }
                return Optional.of(ResultsJson.MAPPER.readValue(row.getString(1), RunProgress.class));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreUnavailableException("cannot read the progress of run " + id + " from PostgreSQL", e);
        }
    }

    @Override
    public List<RunSpec> abandoned() {
        return specs("select * from runs where status = 'running' and (owner is null or heartbeat_at is null"
                + " or heartbeat_at < now() - make_interval(secs => ?)) order by started_at, started_at_nanos",
                select -> select.setDouble(1, leaseExpiry.toMillis() / 1000.0));
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

    /**
     * Stops the flush timer and the heartbeats; answer logs still open write what they hold when they are closed. It
     * waits (a second at most) for a heartbeat in flight, so that no lease is renewed after the store was closed.
     */
    @Override
    public void close() {
        flusher.shutdown();
        heartbeats.shutdown();
        try {
            heartbeats.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
