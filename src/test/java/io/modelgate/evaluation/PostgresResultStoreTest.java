package io.modelgate.evaluation;

import io.modelgate.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;
import java.time.Duration;

/** The store behaviours against a real PostgreSQL, each test in a schema of its own (see {@link TestDatabase}). */
class PostgresResultStoreTest extends ResultStoreContract {

    private DataSource database;
    private PostgresRuns runs;

    @BeforeEach
    void freshSchema() {
        database = TestDatabase.freshSchema();
        // A small batch and a short wait, so that the tests cross batch boundaries and the timer.
        runs = new PostgresRuns(database, 7, Duration.ofMillis(20));
    }

    @AfterEach
    void close() {
        if (runs != null) {
            runs.close();
        }
    }

    @Override
    LedgerStore ledger() {
        return new PostgresLedger(database);
    }

    @Override
    RunStore runs() {
        return runs;
    }
}
