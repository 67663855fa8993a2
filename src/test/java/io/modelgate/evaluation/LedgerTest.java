package io.modelgate.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger and run files survive a write cut short by a crash. */
class LedgerTest {

    @TempDir
    Path dir;

    private static RunRecord row(String id) {
        return new RunRecord(id, "s", "onnx", "d", "t", TestSetRef.parse("test@ab"), "1", "ff", "accuracy",
                Map.of("accuracy", new MetricValue(0.9, 0.8, 1.0, 10)), 10, 0, 1, 2, 3, 4, 0, 0, null, "abc",
                Instant.parse("2026-11-26T12:00:00Z"), Instant.parse("2026-11-26T12:01:00Z"), "c", "complete");
    }

    @Test
    void rowsComeBackAsTheyWereWritten() {
        LedgerFile ledger = new LedgerFile(dir);
        ledger.append(row("r1"));
        ledger.append(row("r2"));
        List<RunRecord> rows = ledger.rows();
        assertEquals(List.of("r1", "r2"), rows.stream().map(RunRecord::id).toList());
        assertEquals(row("r1"), rows.get(0));
    }

    @Test
    void halfWrittenRowIsSkippedAndTheNextRowStartsOnItsOwnLine() throws IOException {
        LedgerFile ledger = new LedgerFile(dir);
        ledger.append(row("r1"));
        Files.writeString(dir.resolve("ledger.jsonl"), "{\"id\":\"r2\",\"system\":\"s\",\"met", StandardOpenOption.APPEND);
        assertEquals(List.of("r1"), ledger.rows().stream().map(RunRecord::id).toList());
        ledger.append(row("r3"));
        assertEquals(List.of("r1", "r3"), ledger.rows().stream().map(RunRecord::id).toList());
    }

    @Test
    void aRunIsLockedWhileItRunsAndFreeAfterwards() {
        RunFiles files = new RunFiles(dir);
        RunClaim first = files.claim("run-1").orElseThrow();
        assertEquals(java.util.Optional.empty(), files.claim("run-1"), "a second holder is refused");
        first.close();
        files.claim("run-1").orElseThrow().close();
    }

    @Test
    void releasedLockLeavesNoLockFileBehind() throws Exception {
        RunFiles files = new RunFiles(dir);
        RunClaim lock = files.claim("run-1").orElseThrow();
        assertTrue(Files.exists(dir.resolve("runs/run-1.lock")), "the lock is a file other processes see");
        lock.close();
        assertFalse(Files.exists(dir.resolve("runs/run-1.lock")));
    }

    @Test
    void runFileCutShortLosesOnlyTheExampleBeingWritten() throws IOException {
        RunFiles files = new RunFiles(dir);
        files.create(new RunSpec("run-1", "t", "test", "ab", "s", null, Instant.EPOCH));
        files.append("run-1", new ExampleResult("e1", "a", "a", false, 1, 0, 0, null, null, null));
        files.append("run-1", new ExampleResult("e2", "b", "a", false, 1, 0, 0, null, null, null));
        Files.writeString(dir.resolve("runs/run-1.jsonl"), "{\"id\":\"e3\",\"tru", StandardOpenOption.APPEND);
        assertEquals(List.of("e1", "e2"), files.results("run-1").stream().map(ExampleResult::id).toList());
        files.append("run-1", new ExampleResult("e3", "c", "c", false, 1, 0, 0, null, null, null));
        assertEquals(List.of("e1", "e2", "e3"), files.results("run-1").stream().map(ExampleResult::id).toList());
    }
}
