package io.modelgate.spectra.library;

import io.modelgate.TestDatabase;
import io.modelgate.errors.NotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

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

    /**
     * Two replicas as they run in the service: each its own store and {@link Libraries} on the same database, each
     * refreshed by its own {@link LibraryRefresh}; what one does, the other serves within seconds.
     */
    @Test
    void twoReplicasOnOneDatabaseServeEachOthersLibrariesWithinSeconds() throws InterruptedException {
        Libraries a = new Libraries(new PostgresLibraries(database));
        Libraries b = new Libraries(new PostgresLibraries(database));
        try (LibraryRefresh refreshA = new LibraryRefresh(a, Duration.ofMillis(200));
             LibraryRefresh refreshB = new LibraryRefresh(b, Duration.ofMillis(200))) {
            a.save(info("nist", 2, 2), new float[]{1, 0, 0, 1}, entries(2), false);
            awaitOn(b, () -> b.list().size() == 1, "created on A, served by B");
            assertEquals("id0", b.get("nist").search(new float[]{5, 0}, 1, null, null).get(0).spectrumId());

            b.save(info("nist", 4, 2), new float[]{1, 0, 0, 1, 1, 1, -1, 0}, entries(4), true);
            awaitOn(a, () -> a.get("nist").info().count() == 4, "replaced on B, the new one served by A");

            a.delete("nist");
            awaitOn(b, () -> b.list().isEmpty(), "deleted on A, gone from B");
            assertEquals(404, assertThrows(NotFoundException.class, () -> b.get("nist")).status());
        }
    }

    private static void awaitOn(Libraries replica, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within 5 s; the replica serves " + replica.list());
            }
            Thread.sleep(50);
        }
    }
}
