package io.modelgate.spectra.library;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Libraries survive a restart, a crash while one was written leaves nothing half, and search is exact. */
class LibraryStoreTest {

    @TempDir
    Path dir;

    private Libraries store() {
        return new Libraries(new LibraryFiles(dir));
    }

    private static SpectralLibrary.Info info(String name, int count) {
        return new SpectralLibrary.Info(name, "m", 1, "abc", 2, count, "2026-11-27T00:00:00Z", "test");
    }

    private static List<SpectralLibrary.Entry> entries(int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new SpectralLibrary.Entry("id" + i, "c" + i, "C", "KEY" + i, 100.0 + i)).toList();
    }

    @Test
    void aSavedLibraryIsReadBackAtStartAndSearchesTheSame() {
        // Rows (1,0), (1,1), (0,2), (-1,0): against the query (1,0) their cosines are 1, 1/√2, 0, -1.
        store().save(info("four", 4), new float[]{1, 0, 1, 1, 0, 2, -1, 0}, entries(4), true);
        Libraries restarted = store();
        assertEquals(List.of(info("four", 4)), restarted.list());
        List<SpectralLibrary.Hit> hits = restarted.get("four").search(new float[]{3, 0}, 3, null, null);
        assertEquals(List.of("id0", "id1", "id2"), hits.stream().map(SpectralLibrary.Hit::spectrumId).toList());
        assertEquals(1.0, hits.get(0).score(), 1e-6);
        assertEquals(Math.sqrt(0.5), hits.get(1).score(), 1e-6);
        assertEquals(0.0, hits.get(2).score(), 1e-6);
        assertEquals(List.of(1, 2, 3), hits.stream().map(SpectralLibrary.Hit::rank).toList());
        // Precursors are 100, 101, 102, 103: within 1.5 of 102.4 only 101, 102 and 103 count.
        List<SpectralLibrary.Hit> filtered = restarted.get("four").search(new float[]{3, 0}, 10, 102.4, 1.5);
        assertEquals(List.of("id1", "id2", "id3"), filtered.stream().map(SpectralLibrary.Hit::spectrumId).toList());
    }

    @Test
    void replacingKeepsOneCompleteLibraryAndLeftoversOfACrashAreRemoved() throws IOException {
        Libraries store = store();
        store.save(info("lib", 1), new float[]{1, 0}, entries(1), true);
        store.save(info("lib", 2), new float[]{1, 0, 0, 1}, entries(2), true);
        Files.createDirectories(dir.resolve(".lib.tmp-crashed"));
        Files.writeString(dir.resolve(".lib.tmp-crashed/embeddings.f32"), "half");
        Libraries restarted = store();
        assertEquals(2, restarted.get("lib").info().count());
        assertFalse(Files.exists(dir.resolve(".lib.tmp-crashed")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("lib")), files.toList());
        }
    }

    @Test
    void aLibraryWhoseFilesDisagreeIsNotServed() throws IOException {
        store().save(info("cut", 2), new float[]{1, 0, 0, 1}, entries(2), true);
        Files.write(dir.resolve("cut/embeddings.f32"), new byte[12]);
        Libraries restarted = store();
        assertTrue(restarted.list().isEmpty());
    }
}
