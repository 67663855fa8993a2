package io.modelgate.spectra.library;

import io.modelgate.TestDatabase;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;

/** The library store behaviours against a real PostgreSQL, each test in a schema of its own. */
class PostgresLibrariesTest extends LibraryStoreContract {

    private DataSource database;

    @BeforeEach
    void freshSchema() {
        database = TestDatabase.freshSchema();
    }

    @Override
    LibraryStore store() {
        return new PostgresLibraries(database);
    }
}
