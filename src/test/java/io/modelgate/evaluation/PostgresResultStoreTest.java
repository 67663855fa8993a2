package io.modelgate.evaluation;

import io.modelgate.TcpForwarder;
import io.modelgate.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store behaviours against a real PostgreSQL, each test in a schema of its own (see {@link TestDatabase}), and
 * the leases that let replicas share runs: each "replica" here is a {@link PostgresRuns} of its own (an owner of
 * its own) on the same schema.
 */
class PostgresResultStoreTest extends ResultStoreContract {

    static final Duration HEARTBEAT = Duration.ofMillis(100);
    static final Duration EXPIRY = Duration.ofMillis(600);

    private DataSource database;
    private PostgresRuns runs;
    private final List<PostgresRuns> replicas = new ArrayList<>();

    @BeforeEach
    void freshSchema() {
        database = TestDatabase.freshSchema();
        // A small batch and a short wait, so that the tests cross batch boundaries and the timer.
        runs = new PostgresRuns(database, 7, Duration.ofMillis(20), HEARTBEAT, EXPIRY);
    }

    @AfterEach
    void close() {
        if (runs != null) {
            runs.close();
        }
        replicas.forEach(PostgresRuns::close);
    }

    @Override
    LedgerStore ledger() {
        return new PostgresLedger(database);
    }

    @Override
    RunStore runs() {
        return runs;
    }

    private PostgresRuns replica() {
        PostgresRuns replica = new PostgresRuns(database, 7, Duration.ofMillis(20), HEARTBEAT, EXPIRY);
        replicas.add(replica);
        return replica;
    }

    private void createRun(String id) {
        runs.create(new RunSpec(id, "penguins", "penguins-test", "ab", "s", null, Instant.EPOCH));
    }

    /** What a killed owner leaves: its lease, no longer renewed, older than the expiry. */
    private void ageLease(String id) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update runs set heartbeat_at = now() - interval '1 hour' where id = ?")) {
            update.setString(1, id);
            assertEquals(1, update.executeUpdate());
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aLeaseRenewedByItsHeartbeatKeepsEveryOtherReplicaOutPastTheExpiry() throws InterruptedException {
        createRun("run-1");
        RunClaim owner = runs.claim("run-1").orElseThrow();
        Thread.sleep(EXPIRY.multipliedBy(3).toMillis());
        assertEquals(Optional.empty(), replica().claim("run-1"), "the owner renewed its lease");
        assertEquals(List.of(), replica().abandoned());
        assertNull(owner.stopReason());
        owner.close();
    }

    @Test
    void aRunWhoseLeaseExpiredIsAbandonedAndClaimedByExactlyOneOfTheReplicasThatTryAtOnce() throws Exception {
        createRun("run-1");
        PostgresRuns killed = replica();
        killed.claim("run-1").orElseThrow();
        killed.close(); // its heartbeat stops, as a killed replica's does; the lease is not given up
        ageLease("run-1");
        assertEquals(List.of("run-1"), replica().abandoned().stream().map(RunSpec::id).toList());

        int contenders = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Optional<RunClaim>>> claims = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            PostgresRuns replica = replica();
            claims.add(() -> {
                start.await();
                return replica.claim("run-1");
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            List<Future<Optional<RunClaim>>> results = claims.stream().map(pool::submit).toList();
            start.countDown();
            int won = 0;
            for (Future<Optional<RunClaim>> result : results) {
                won += result.get().isPresent() ? 1 : 0;
            }
            assertEquals(1, won, "one replica takes the run over");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), replica().abandoned(), "taken over, it is no longer abandoned");
    }

    @Test
    void anOwnerWhoseLeaseWasTakenOverStopsAskingAndGivingUpLeavesTheNewOwnersLease() throws Exception {
        createRun("run-1");
        RunClaim first = runs.claim("run-1").orElseThrow();
        PostgresRuns other = replica();
        Optional<RunClaim> taken = Optional.empty();
        for (int attempt = 0; attempt < 10 && taken.isEmpty(); attempt++) {
            ageLease("run-1"); // as if the first owner's heartbeats had not got through; it may renew in between
            taken = other.claim("run-1");
        }
        RunClaim second = taken.orElseThrow();
        await(() -> first.stopReason() != null, "the first owner learns at its heartbeat that it lost the run");
        assertTrue(first.stopReason().contains("another replica"), first.stopReason());

        first.close();
        assertEquals(Optional.empty(), replica().claim("run-1"), "the second owner still holds it");
        assertNull(second.stopReason());
        second.close();
    }

    @Test
    void aLeaseCutOffFromItsDatabaseSaysSoAndIsRenewedWhenTheDatabaseAnswersAgain() throws Exception {
        URI target = URI.create(TestDatabase.url().substring("jdbc:".length()));
        try (TcpForwarder forwarder = TcpForwarder.to(target.getHost(), target.getPort())) {
            PGSimpleDataSource viaForwarder = new PGSimpleDataSource();
            viaForwarder.setUrl(TestDatabase.url().replace(target.getHost() + ":" + target.getPort(),
                    "127.0.0.1:" + forwarder.port()));
            viaForwarder.setUser(TestDatabase.user());
            viaForwarder.setPassword(TestDatabase.password());
            viaForwarder.setCurrentSchema(database.unwrap(PGSimpleDataSource.class).getCurrentSchema());
            viaForwarder.setConnectTimeout(1);
            viaForwarder.setSocketTimeout(2);
            PostgresRuns cutOff = new PostgresRuns(viaForwarder, 7, Duration.ofMillis(20), HEARTBEAT, EXPIRY);
            replicas.add(cutOff);
            createRun("run-1");
            RunClaim owner = cutOff.claim("run-1").orElseThrow();
            assertFalse(owner.storeUnreachable());

            forwarder.cut();
            await(owner::storeUnreachable, "the owner sees that its database is gone");
            Thread.sleep(EXPIRY.toMillis()); // its lease ages past the expiry meanwhile; nobody else claims it
            forwarder.restore();
            await(() -> !owner.storeUnreachable(), "the owner sees its database back");

            assertNull(owner.stopReason(), "it still owns the run: " + owner.stopReason());
            assertEquals(Optional.empty(), replica().claim("run-1"), "its lease is renewed again");
        }
    }

    @Test
    void aRunHandedOverAtShutdownIsTakenOverAtOnceWithoutWaitingForItsLeaseToExpire() {
        createRun("run-1");
        RunClaim owner = runs.claim("run-1").orElseThrow();
        RunProgress last = new RunProgress("run-1", "s", "penguins-test", 5, 69, 0, "running", null, 0);
        owner.report(last);

        assertTrue(owner.handsOver());
        owner.handOver();
        owner.close(); // the run's end after its hand-over must not mark it stopped

        PostgresRuns other = replica();
        assertEquals(List.of("run-1"), other.abandoned().stream().map(RunSpec::id).toList(), "left running, owned by nobody");
        assertEquals(Optional.of(last), other.progress("run-1"), "its progress still says running");
        assertTrue(other.claim("run-1").isPresent(), "claimed well within the expiry of " + EXPIRY);
    }

    @Test
    void aCancelAskedThroughAnotherReplicaReachesTheOwnerAtItsHeartbeat() throws Exception {
        createRun("run-1");
        RunClaim owner = runs.claim("run-1").orElseThrow();
        PostgresRuns other = replica();
        assertTrue(other.requestCancel("run-1"));
        await(() -> owner.stopReason() != null, "the owner sees the cancel");
        assertTrue(owner.stopReason().contains("cancelled through another replica"), owner.stopReason());
        owner.close();
        assertFalse(other.requestCancel("run-1"), "a stopped run has no owner to ask");
        RunClaim again = other.claim("run-1").orElseThrow();
        Thread.sleep(HEARTBEAT.multipliedBy(3).toMillis());
        assertNull(again.stopReason(), "a cancel request ends with the sitting it was meant for");
        again.close();
    }

    @Test
    void theOwnersProgressIsReadByAnyReplicaAndItsLastOneKeptWhenItGivesTheRunUp() throws Exception {
        createRun("run-1");
        RunClaim owner = runs.claim("run-1").orElseThrow();
        PostgresRuns other = replica();
        RunProgress midway = new RunProgress("run-1", "s", "penguins-test", 12, 69, 1, "running", null, 2);
        owner.report(midway);
        await(() -> other.progress("run-1").equals(Optional.of(midway)), "the heartbeat carries the progress");

        RunProgress cancelled = new RunProgress("run-1", "s", "penguins-test", 13, 69, 1, "cancelled", null, 2);
        owner.report(cancelled);
        owner.close();
        assertEquals(Optional.of(cancelled), other.progress("run-1"));
        assertEquals(Optional.empty(), other.progress("run-2"));
    }
}
