package io.modelgate.evaluation;

import io.modelgate.config.StoreKind;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Chooses the ledger and run store once, at start, from {@code modelgate.store}: every class of the package gets
 * the same pair, so a run, its answers and its ledger row always land in one place. The datasource is looked up
 * only for {@code postgresql}, so the files store never needs, or starts, one.
 */
@Singleton
final class ResultStores {

    /** Answers per insert while a run runs, and the longest one waits for its batch (what a kill may lose). */
    static final int ANSWER_BATCH = 64;
    static final Duration ANSWER_FLUSH = Duration.ofMillis(200);

    private final StoreKind kind;
    private final ResultsConfig config;
    private final RunLeaseConfig lease;
    private final Instance<DataSource> database;

    ResultStores(@ConfigProperty(name = StoreKind.KEY, defaultValue = "files") StoreKind kind, ResultsConfig config,
                 RunLeaseConfig lease, Instance<DataSource> database) {
        if (lease.heartbeat().isNegative() || lease.heartbeat().isZero() || lease.expiry().compareTo(lease.heartbeat()) <= 0) {
            throw new IllegalStateException("modelgate.store.lease.heartbeat must be more than 0 and .expiry more than it,"
                    + " got " + lease.heartbeat() + " and " + lease.expiry());
        }
        this.kind = kind;
        this.config = config;
        this.lease = lease;
        this.database = database;
    }

    @Produces
    @Singleton
    LedgerStore ledger() {
        return kind == StoreKind.POSTGRESQL ? new PostgresLedger(database.get()) : new LedgerFile(config.dir());
    }

    @Produces
    @Singleton
    RunStore runs() {
        return kind == StoreKind.POSTGRESQL ? new PostgresRuns(database.get(), ANSWER_BATCH, ANSWER_FLUSH,
                lease.heartbeat(), lease.expiry())
                : new RunFiles(config.dir());
    }

    void close(@Disposes RunStore runs) {
        if (runs instanceof PostgresRuns postgres) {
            postgres.close();
        }
    }
}
