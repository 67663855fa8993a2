package io.modelgate.evaluation;

import io.modelgate.TestDatabase;
import io.modelgate.spectra.library.LibraryCopier;
import io.modelgate.spectra.library.LibraryStore;
import io.modelgate.spectra.library.SpectralLibrary;
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

    private static LibraryStore.StoredLibrary library(String name, int count) {
        float[] embeddings = new float[count * 3];
        for (int i = 0; i < embeddings.length; i++) {
            embeddings[i] = i == 0 ? -0.0f : (float) Math.cos(i) * 7.25f; // -0.0 and bits a text round trip would change
        }
        List<SpectralLibrary.Entry> entries = IntStream.range(0, count).mapToObj(i -> i % 2 == 0
                ? new SpectralLibrary.Entry("s" + i, "compound " + i, "CCO", "KEY" + i, 180.5 + i)
                : new SpectralLibrary.Entry("s" + i, null, null, null, null)).toList();
        return new LibraryStore.StoredLibrary(new SpectralLibrary.Info(name, "ms2deepscore", 2, "cd34", 3, count,
                "2026-11-27T10:00:00Z", name + ".mgf"), embeddings, entries);
    }

    @Test
    void aLibrariesFolderCopiedIntoPostgresqlAndBackIsTheSameFolder() throws IOException {
        DataSource database = TestDatabase.freshSchema();
        Path libraries = course.resolve("libraries");
        LibraryStore.files(libraries).save(library("nist", 1500));
        LibraryStore.files(libraries).save(library("massbank", 3));
        LibraryStore postgresql = LibraryStore.postgresql(database);

        assertEquals(new LibraryCopier.Copied(2, 0), LibraryCopier.copy(LibraryStore.files(libraries), postgresql));
        for (String name : List.of("nist", "massbank")) {
            LibraryStore.StoredLibrary original = LibraryStore.files(libraries).read(name).orElseThrow();
            LibraryStore.StoredLibrary copied = postgresql.read(name).orElseThrow();
            assertEquals(original.info(), copied.info());
            assertArrayEquals(LibraryStore.littleEndian(original.embeddings()), LibraryStore.littleEndian(copied.embeddings()));
            assertEquals(original.entries(), copied.entries());
        }
        assertEquals(new LibraryCopier.Copied(0, 2), LibraryCopier.copy(LibraryStore.files(libraries), postgresql),
                "a second copy adds nothing");

        Path librariesBack = back.resolve("libraries");
        assertEquals(new LibraryCopier.Copied(2, 0), LibraryCopier.copy(postgresql, LibraryStore.files(librariesBack)));
        assertEquals(files(libraries), files(librariesBack));
        for (Path file : files(libraries)) {
            assertArrayEquals(Files.readAllBytes(libraries.resolve(file)), Files.readAllBytes(librariesBack.resolve(file)), file.toString());
        }
    }

    @Test
    void aLibraryTheTargetHasAlreadyIsKeptAsItIs() {
        Path from = course.resolve("libraries");
        Path to = back.resolve("libraries");
        LibraryStore.files(from).save(library("nist", 4));
        LibraryStore.files(from).save(library("gnps", 2));
        LibraryStore.files(to).save(library("nist", 1));
        assertEquals(new LibraryCopier.Copied(1, 1), LibraryCopier.copy(LibraryStore.files(from), LibraryStore.files(to)));
        assertEquals(1, LibraryStore.files(to).read("nist").orElseThrow().info().count());
        assertEquals(2, LibraryStore.files(to).read("gnps").orElseThrow().info().count());
    }

    @Test
    void theCommandCopiesTheLibrariesOfTheFoldersItIsGivenAfterTheRuns() {
        Path fromLibraries = course.resolve("libraries");
        Path toLibraries = back.resolve("libraries");
        LibraryStore.files(fromLibraries).save(library("nist", 2));
        fill(new LedgerFile(course.resolve("results")), new RunFiles(course.resolve("results")));
        StoreCopyCommand command = new StoreCopyCommand(null, null, null, List.of(new LibraryCopier(null, null)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = command.run(new String[]{"copy", "--from", "files:" + course.resolve("results"), "--from-libraries",
                fromLibraries.toString(), "--to", "files:" + back.resolve("results"), "--to-libraries", toLibraries.toString()},
                new PrintStream(out), new PrintStream(err));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("copied 1 spectral libraries; 0 were there already"),
                out.toString(StandardCharsets.UTF_8));
        assertEquals(LibraryStore.files(fromLibraries).read("nist").orElseThrow().entries(),
                LibraryStore.files(toLibraries).read("nist").orElseThrow().entries());
        assertEquals(4, new LedgerFile(back.resolve("results")).rows().size(), "and the runs and the ledger before them");
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void aCopyThatNamesNoStoreOrTheSameOneTwiceIsAUsageError() {
        StoreCopyCommand command = new StoreCopyCommand(null, null, null, List.of());
        for (String[] args : List.of(new String[]{}, new String[]{"move"}, new String[]{"copy", "--from", "postgresql"},
                new String[]{"copy", "--from", "postgresql", "--to", "postgresql"},
                new String[]{"copy", "--from", "mysql", "--to", "postgresql"},
                new String[]{"copy", "--from", "files:results", "--to", "postgresql", "--to-libraries", "libraries"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, command.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)), List.of(args).toString());
            assertTrue(err.toString(StandardCharsets.UTF_8).contains(StoreCopyCommand.USAGE), err.toString(StandardCharsets.UTF_8));
        }
    }
}
