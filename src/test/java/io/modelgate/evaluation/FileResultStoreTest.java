package io.modelgate.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The store behaviours against the files store, {@code results/}. */
class FileResultStoreTest extends ResultStoreContract {

    @TempDir
    Path results;

    @Override
    LedgerStore ledger() {
        return new LedgerFile(results);
    }

    @Test
    void aRunHandedOverAtShutdownIsGivenUpAsAfterACancelSinceNoOtherProcessTakesItOver() {
        RunStore runs = runs();
        runs.create(new RunSpec("run-1", "penguins", "penguins-test", "ab", "s", null, Instant.EPOCH));
        RunClaim claim = runs.claim("run-1").orElseThrow();

        assertFalse(claim.handsOver());
        claim.handOver();

        assertEquals(List.of(), runs.abandoned());
        runs.claim("run-1").orElseThrow().close();
    }

    @Override
    RunStore runs() {
        return new RunFiles(results);
    }
}
