package io.modelgate.spectra.library;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every behaviour of a library store, run against each store by a subclass ({@link LibraryFilesTest},
 * {@link PostgresLibrariesTest}), directly and through {@link Libraries} as the service uses it.
 */
abstract class LibraryStoreContract {

    /** A fresh, empty store of the kind under test; called again, the same store (a restart). */
    abstract LibraryStore store();

    static SpectralLibrary.Info info(String name, int count, int dimension) {
        return new SpectralLibrary.Info(name, "ms2deepscore", 3, "ab12", dimension, count, "2026-11-27T00:00:00Z", "test.mgf");
    }

    static List<SpectralLibrary.Entry> entries(int count) {
        return IntStream.range(0, count).mapToObj(i -> i % 2 == 0
                ? new SpectralLibrary.Entry("id" + i, "compound " + i, "CCO", "KEY" + i, 100.25 + i)
                : new SpectralLibrary.Entry("id" + i, null, null, null, null)).toList();
    }

    /** Values whose bits a careless conversion would change: negative zero, a subnormal, extremes, NaN. */
    static float[] awkward(int count, int dimension) {
        float[] values = new float[count * dimension];
        float[] special = {-0.0f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, Float.intBitsToFloat(0x7fc00001)};
        for (int i = 0; i < values.length; i++) {
            values[i] = i < special.length ? special[i] : (float) Math.sin(i) * 3.5f;
        }
        return values;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    @Test
    void aSavedLibraryComesBackWithItsEmbeddingsByteIdenticalAndItsEntries() {
        float[] embeddings = awkward(5, 3);
        store().save(new LibraryStore.StoredLibrary(info("lib", 5, 3), embeddings, entries(5)));
        List<LibraryStore.StoredLibrary> read = store().readAll();
        assertEquals(1, read.size());
        assertEquals(info("lib", 5, 3), read.get(0).info());
        assertArrayEquals(bits(embeddings), bits(read.get(0).embeddings()));
        assertArrayEquals(LibraryStore.littleEndian(embeddings), LibraryStore.littleEndian(read.get(0).embeddings()));
        assertEquals(entries(5), read.get(0).entries());
    }

    @Test
    void librariesAreListedByNameReplacedWholeAndDeleted() {
        LibraryStore store = store();
        store.save(new LibraryStore.StoredLibrary(info("b", 1, 2), new float[]{1, 0}, entries(1)));
        store.save(new LibraryStore.StoredLibrary(info("a", 2, 2), new float[]{1, 0, 0, 1}, entries(2)));
        store.save(new LibraryStore.StoredLibrary(info("b", 3, 2), new float[]{1, 2, 3, 4, 5, 6}, entries(3)));
        List<LibraryStore.StoredLibrary> read = store().readAll();
        assertEquals(List.of("a", "b"), read.stream().map(l -> l.info().name()).toList());
        assertEquals(3, read.get(1).info().count());
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, read.get(1).embeddings());
        assertEquals(entries(3), read.get(1).entries());
        store.delete("a");
        assertEquals(List.of("b"), store().readAll().stream().map(l -> l.info().name()).toList());
        store.delete("not-there");
    }

    @Test
    void theServedLibrariesAreSavedInTheStoreAndReadBackAfterARestart() {
        Libraries libraries = new Libraries(store());
        libraries.save(info("four", 4, 2), new float[]{1, 0, 1, 1, 0, 2, -1, 0}, entries(4), false);
        assertThrows(Libraries.LibraryExistsException.class,
                () -> libraries.save(info("four", 1, 2), new float[]{1, 0}, entries(1), false));
        Libraries restarted = new Libraries(store());
        assertEquals(List.of(info("four", 4, 2)), restarted.list());
        List<SpectralLibrary.Hit> hits = restarted.get("four").search(new float[]{3, 0}, 2, null, null);
        assertEquals(List.of("id0", "id1"), hits.stream().map(SpectralLibrary.Hit::spectrumId).toList());
        restarted.save(info("four", 1, 2), new float[]{0, 5}, entries(1), true);
        assertEquals(1, new Libraries(store()).get("four").info().count());
        restarted.delete("four");
        assertEquals(List.of(), new Libraries(store()).list());
    }

    @Test
    void aLibrarySavedReplacedOrDeletedThroughOneReplicaIsServedSoByTheOtherAfterARefresh() {
        Libraries a = new Libraries(store());
        Libraries b = new Libraries(store());
        a.save(info("shared", 2, 2), new float[]{1, 0, 0, 1}, entries(2), false);
        assertThrows(io.modelgate.errors.NotFoundException.class, () -> b.get("shared"), "not before a refresh");
        b.refresh();
        assertEquals(List.of(info("shared", 2, 2)), b.list());
        assertEquals("id1", b.get("shared").search(new float[]{0, 2}, 1, null, null).get(0).spectrumId());

        a.save(info("shared", 3, 2), new float[]{1, 0, 0, 1, 1, 1}, entries(3), true);
        b.refresh();
        assertEquals(3, b.get("shared").info().count());

        a.delete("shared");
        b.refresh();
        assertEquals(List.of(), b.list());
        assertEquals(404, assertThrows(io.modelgate.errors.NotFoundException.class, () -> b.get("shared")).status());
    }

    @Test
    void aReplicaThatSavedALibraryDoesNotReadItAgainOnRefresh() {
        Libraries a = new Libraries(store());
        SpectralLibrary saved = a.save(info("mine", 1, 2), new float[]{1, 0}, entries(1), false);
        a.refresh();
        assertSame(saved, a.get("mine"), "the library served is the one saved, not a copy read back");
    }

    @Test
    void everySaveGivesALibraryANewVersionAndTheStoreReadsOneLibraryByName() {
        LibraryStore store = store();
        String first = store.save(new LibraryStore.StoredLibrary(info("v", 1, 2), new float[]{1, 0}, entries(1)));
        assertEquals(java.util.Map.of("v", first), store().versions());
        String second = store.save(new LibraryStore.StoredLibrary(info("v", 1, 2), new float[]{0, 1}, entries(1)));
        assertNotEquals(first, second);
        assertEquals(java.util.Map.of("v", second), store().versions());
        assertArrayEquals(new float[]{0, 1}, store().read("v").orElseThrow().embeddings());
        assertEquals(java.util.Optional.empty(), store().read("missing"));
        store.delete("v");
        assertEquals(java.util.Map.of(), store().versions());
    }
}
