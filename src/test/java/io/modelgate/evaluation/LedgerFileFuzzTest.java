package io.modelgate.evaluation;

import io.modelgate.ParserFuzz;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whatever bytes {@code ledger.jsonl} holds (a row cut short by a crash, a hand edit, another tool's file), the
 * ledger reads the rows it can and skips the rest: one bad line never makes the whole ledger unreadable.
 */
class LedgerFileFuzzTest {

    private Path results;

    @BeforeEach
    void createResultsFolder() throws IOException {
        results = Files.createTempDirectory("fuzz-ledger");
    }

    @AfterEach
    void deleteResultsFolder() throws IOException {
        try (Stream<Path> files = Files.walk(results)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @ParserFuzz
    void anyLedgerBytesGiveTheRowsThatParse(byte[] ledger) throws IOException {
        Files.write(results.resolve("ledger.jsonl"), ledger);
        LedgerFile file = new LedgerFile(results);
        int rows = file.rows().size();
        // Appending after whatever is there adds exactly one row, on a line of its own.
        file.append(ResultStoreContract.sparseRow("fuzz"));
        assertEquals(rows + 1, file.rows().size());
    }
}
