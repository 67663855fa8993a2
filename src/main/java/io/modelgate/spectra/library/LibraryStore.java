package io.modelgate.spectra.library;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where spectral libraries are kept: their metadata, their embeddings exactly as the model gave them and their
 * entries. Kept in folders ({@link LibraryFiles}) or in PostgreSQL ({@link PostgresLibraries}), chosen by
 * {@code modelgate.store}; {@link Libraries} reads every library from it at start, writes through it and, through
 * {@link #versions()}, learns of libraries that another replica saved or deleted.
 */
public interface LibraryStore {

    /** A library as stored: embeddings not yet normalised, {@code count × dimension} floats, row-major. */
    record StoredLibrary(SpectralLibrary.Info info, float[] embeddings, List<SpectralLibrary.Entry> entries) {
    }

    /** Every library that can be read, by name; one that cannot is logged and left out. */
    List<StoredLibrary> readAll();

    /** The folders store under {@code dir}. */
    static LibraryStore files(Path dir) {
        return new LibraryFiles(dir);
    }

    /** The PostgreSQL store in {@code database} (migrated by Flyway). */
    static LibraryStore postgresql(DataSource database) {
        return new PostgresLibraries(database);
    }

    /**
     * The version of every library stored now, by name: a token that changes whenever the library is saved again,
     * cheap to read (no embeddings), so that every replica can ask for it every few seconds.
     */
    Map<String, String> versions();

    /** One library, or empty when there is none of that name (deleted meanwhile, say). */
    Optional<StoredLibrary> read(String name);

    /**
     * Saves a library, replacing one of the same name all at once: a crash leaves the old one or the new one.
     *
     * @return its version, as {@link #versions()} will name it until it is saved again
     */
    String save(StoredLibrary library);

    void delete(String name);

    /** Where the libraries are, for the log: a folder, or the database (never its password). */
    String describe();

    /** The embeddings as both stores keep them: little-endian IEEE 754 floats. */
    static byte[] littleEndian(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }

    static float[] floats(byte[] bytes) {
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }
}
