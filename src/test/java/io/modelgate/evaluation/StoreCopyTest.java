package io.modelgate.evaluation;

import io.modelgate.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code store copy}: a results folder into PostgreSQL and back, every row the same, and its usage errors. */
class StoreCopyTest {

    @TempDir
    Path course;

    @TempDir
    Path back;

    private static void fill(LedgerStore ledger, RunStore runs) {
        for (int r = 0; r < 3; r++) {
            String id = "20261126-12000" + r + "-abcd";
            runs.create(new RunSpec(id, "penguins", "penguins-test", "ab" + r, "system-" + r, r == 1 ? null : "comment " + r,
                    Instant.parse("2026-11-26T12:00:00.123456789Z").plusSeconds(r)));
            int count = r == 2 ? 2500 : 7; // more than one chunk of the copy
            runs.append(id, IntStream.range(0, count).mapToObj(i -> ResultStoreContract.answer("e" + i, i)).toList());
            runs.append(id, List.of(ResultStoreContract.failure("e" + count)));
            ledger.append(ResultStoreContract.fullRow(id, Instant.parse("2026-11-26T13:00:00.5Z").plusSeconds(r)));
        }
        ledger.append(ResultStoreContract.sparseRow("20261126-120001-abcd"));
    }

    @Test
    void aResultsFolderCopiedIntoPostgresqlAndBackIsTheSameFolder() throws IOException {
        DataSource database = TestDatabase.freshSchema();
        fill(new LedgerFile(course), new RunFiles(course));
        PostgresLedger ledger = new PostgresLedger(database);
        PostgresRuns runs = new PostgresRuns(database, 64, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10));
        try {
            StoreCopyCommand.Copied in = StoreCopyCommand.copy(new LedgerFile(course), new RunFiles(course), ledger, runs);
            assertEquals(new StoreCopyCommand.Copied(3, 2517, 4, 0, 0), in);
            assertEquals(new LedgerFile(course).rows(), ledger.rows());
            for (RunSpec spec : new RunFiles(course).specs()) {
                assertEquals(new RunFiles(course).spec(spec.id()), runs.spec(spec.id()));
                assertEquals(new RunFiles(course).results(spec.id()), runs.results(spec.id()));
            }
            assertEquals(new StoreCopyCommand.Copied(0, 0, 0, 3, 4),
                    StoreCopyCommand.copy(new LedgerFile(course), new RunFiles(course), ledger, runs),
                    "a second copy adds nothing");

            StoreCopyCommand.copy(ledger, runs, new LedgerFile(back), new RunFiles(back));
        } finally {
            runs.close();
        }
        assertEquals(files(course), files(back));
        for (Path file : files(course)) {
            assertArrayEquals(Files.readAllBytes(course.resolve(file)), Files.readAllBytes(back.resolve(file)), file.toString());
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void aCopyThatNamesNoStoreOrTheSameOneTwiceIsAUsageError() {
        StoreCopyCommand command = new StoreCopyCommand(null, null, null);
        for (String[] args : List.of(new String[]{}, new String[]{"move"}, new String[]{"copy", "--from", "postgresql"},
                new String[]{"copy", "--from", "postgresql", "--to", "postgresql"},
                new String[]{"copy", "--from", "mysql", "--to", "postgresql"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, command.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)), List.of(args).toString());
            assertTrue(err.toString(StandardCharsets.UTF_8).contains(StoreCopyCommand.USAGE), err.toString(StandardCharsets.UTF_8));
        }
    }
}
