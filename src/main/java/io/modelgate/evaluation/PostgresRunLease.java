package io.modelgate.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A replica's lease on a run in the postgresql store: renewed every heartbeat by an update that names this owner, so
 * that a lease another replica took over (after it expired) is never renewed; the same update sends the run's
 * progress and reads back whether a cancel was asked elsewhere. A heartbeat that cannot reach the database is tried
 * again at the next one (the run keeps its answers meanwhile, see {@link BufferedAnswerLog}).
 */
final class PostgresRunLease implements RunClaim {

    private static final Logger LOG = Logger.getLogger(PostgresRunLease.class);

    private final DataSource database;
    private final String id;
    private final String owner;
    private final ScheduledFuture<?> heartbeat;
    private volatile RunProgress progress;
    private volatile String stopReason;
    private volatile boolean unreachable;
    /** Given up (closed or handed over): a second give-up must not overwrite what the first, or a new owner, wrote. */
    private final java.util.concurrent.atomic.AtomicBoolean givenUp = new java.util.concurrent.atomic.AtomicBoolean();

    PostgresRunLease(DataSource database, String id, String owner, Duration every, ScheduledExecutorService timer) {
        this.database = database;
        this.id = id;
        this.owner = owner;
        this.heartbeat = timer.scheduleWithFixedDelay(this::renew, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String stopReason() {
        return stopReason;
    }

    @Override
    public boolean storeUnreachable() {
        return unreachable;
    }

    @Override
    public void report(RunProgress progress) {
        this.progress = progress;
    }

    private void renew() {
        if (stopReason != null) {
            return;
        }
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement("update runs set heartbeat_at = now(),"
                     + " progress = coalesce(cast(? as json), progress), updated_at = now() where id = ? and owner = ?"
                     + " returning cancel_requested")) {
            update.setString(1, json(progress));
            update.setString(2, id);
            update.setString(3, owner);
            try (ResultSet row = update.executeQuery()) {
                if (!row.next()) {
                    stop("run " + id + " is run by another replica now: this one's lease expired before it was renewed");
                } else if (row.getBoolean(1)) {
                    stop("run " + id + " was cancelled through another replica");
                }
            }
            if (unreachable) {
                unreachable = false;
                LOG.infof("run %s: the store's database answers again; its lease is renewed", id);
            }
        } catch (SQLException | RuntimeException e) {
            if (!unreachable) {
                unreachable = true;
                LOG.warnf("run %s: cannot renew its lease, the store's database does not answer (%s); tried again every"
                        + " heartbeat", id, e.getMessage());
            }
        }
    }

    private void stop(String reason) {
        stopReason = reason;
        LOG.warnf("%s; it stops asking", reason);
    }

    /** Marks the run stopped and free, with its last progress, unless another replica owns it by now. */
    @Override
    public void close() {
        giveUp("status = 'stopped', ", "give up its lease");
    }

    @Override
    public boolean handsOver() {
        return true;
    }

    /**
     * Frees the run but leaves it {@code running}, with its last progress: {@link PostgresRuns#abandoned} lists it at
     * once, so another replica's next look takes it over without waiting for the lease to expire.
     */
    @Override
    public void handOver() {
        giveUp("", "hand over its lease");
    }

    private void giveUp(String status, String what) {
        if (!givenUp.compareAndSet(false, true)) {
            return;
        }
        heartbeat.cancel(false);
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement("update runs set " + status + "owner = null,"
                     + " heartbeat_at = null, cancel_requested = false, progress = coalesce(cast(? as json), progress),"
                     + " updated_at = now() where id = ? and owner = ?")) {
            update.setString(1, json(progress));
            update.setString(2, id);
            update.setString(3, owner);
            update.executeUpdate();
        } catch (SQLException e) {
            // Its lease then expires and another replica (or this one) takes the run over, finding it finished or not.
            LOG.warnf("run %s: cannot %s, the store's database does not answer (%s); it expires instead",
                    id, what, e.getMessage());
        }
    }

    private static String json(RunProgress progress) {
        if (progress == null) {
            return null;
        }
        try {
            return ResultsJson.MAPPER.writeValueAsString(progress);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the progress of run " + progress.runId(), e);
        }
    }
}
