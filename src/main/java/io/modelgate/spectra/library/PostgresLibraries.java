package io.modelgate.spectra.library;

import io.modelgate.errors.StoreUnavailableException;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The postgresql store of spectral libraries: tables {@code libraries} (metadata, and the embeddings as
 * {@code bytea}, the same little-endian bytes as the files store's {@code embeddings.f32}) and
 * {@code library_entries}, see db/migration. A library is saved, or replaced, in one transaction: a reader sees the
 * old one or the new one, never half of one.
 * <p>
 * Replicas learn of each other's changes by polling {@link #versions()} (one small query every
 * {@code modelgate.spectra.library-refresh}), not by {@code LISTEN/NOTIFY}: a poll needs no dedicated connection
 * to keep alive and reconnect, cannot miss a notification sent while a replica was disconnected (it compares the
 * whole state, not a stream of events), and works through a connection pooler such as PgBouncer in transaction mode,
 * which does not carry notifications.
 */
final class PostgresLibraries implements LibraryStore {

    private static final Logger LOG = Logger.getLogger(PostgresLibraries.class);
    private static final int ENTRY_BATCH = 1000;
    /**
     * A library's version: when it was saved and the transaction that saved it (its row's {@code xmin}), so that two
     * saves within one microsecond still differ. A save deletes and inserts the row, so both change with every save.
     */
    private static final String VERSION = "(extract(epoch from saved_at) * 1000000)::bigint || ':' || xmin";

    private final DataSource database;

    PostgresLibraries(DataSource database) {
        this.database = database;
    }

    @Override
    public String describe() {
        return "the PostgreSQL store";
    }

    @Override
    public List<StoredLibrary> readAll() {
        List<StoredLibrary> libraries = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("select * from libraries order by name");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                library(connection, row).ifPresent(libraries::add);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read the spectral libraries from PostgreSQL", e);
        }
        return libraries;
    }

    @Override
    public Map<String, String> versions() {
        Map<String, String> versions = new HashMap<>();
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("select name, " + VERSION + " from libraries");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                versions.put(row.getString(1), row.getString(2));
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read the versions of the spectral libraries from PostgreSQL", e);
        }
        return versions;
    }

    @Override
    public Optional<StoredLibrary> read(String name) {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("select * from libraries where name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? library(connection, row) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot read library '" + name + "' from PostgreSQL", e);
        }
    }

    /** The library on this row with its entries; empty, and logged, when it cannot be read. */
    private static Optional<StoredLibrary> library(Connection connection, ResultSet row) throws SQLException {
        SpectralLibrary.Info info = new SpectralLibrary.Info(row.getString("name"), row.getString("model"),
                row.getLong("model_version"), row.getString("model_sha256"), row.getInt("dimension"),
                row.getInt("count"), row.getString("created"), row.getString("source"));
        try {
            return Optional.of(new StoredLibrary(info, LibraryStore.floats(row.getBytes("embeddings")), entries(connection, info)));
        } catch (SQLException | RuntimeException e) {
            LOG.errorf("library %s in PostgreSQL cannot be read and is not served: %s", info.name(), e.getMessage());
            return Optional.empty();
        }
    }

    private static List<SpectralLibrary.Entry> entries(Connection connection, SpectralLibrary.Info info) throws SQLException {
        List<SpectralLibrary.Entry> entries = new ArrayList<>(info.count());
        try (PreparedStatement select = connection.prepareStatement(
                "select * from library_entries where library = ? order by row_index")) {
            select.setString(1, info.name());
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    entries.add(new SpectralLibrary.Entry(row.getString("spectrum_id"), row.getString("compound_name"),
                            row.getString("smiles"), row.getString("inchikey"), row.getObject("precursor_mz", Double.class)));
                }
            }
        }
        if (entries.size() != info.count()) {
            throw new IllegalStateException(entries.size() + " entries for " + info.count() + " spectra");
        }
        return entries;
    }

    @Override
    public String save(StoredLibrary library) {
        SpectralLibrary.Info info = library.info();
        try (Connection connection = database.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            String version;
            try {
                delete(connection, info.name());
                try (PreparedStatement insert = connection.prepareStatement("insert into libraries (name, model, model_version,"
                        + " model_sha256, dimension, count, created, source, embeddings) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " returning " + VERSION)) {
                    insert.setString(1, info.name());
                    insert.setString(2, info.model());
                    insert.setLong(3, info.modelVersion());
                    insert.setString(4, info.modelSha256());
                    insert.setInt(5, info.dimension());
                    insert.setInt(6, info.count());
                    insert.setString(7, info.created());
                    insert.setString(8, info.source());
                    insert.setBytes(9, LibraryStore.littleEndian(library.embeddings()));
                    try (ResultSet saved = insert.executeQuery()) {
                        saved.next();
                        version = saved.getString(1);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement("insert into library_entries (library, row_index,"
                        + " spectrum_id, compound_name, smiles, inchikey, precursor_mz) values (?, ?, ?, ?, ?, ?, ?)")) {
                    List<SpectralLibrary.Entry> entries = library.entries();
                    for (int row = 0; row < entries.size(); row++) {
                        SpectralLibrary.Entry entry = entries.get(row);
                        insert.setString(1, info.name());
                        insert.setInt(2, row);
                        insert.setString(3, entry.spectrumId());
                        insert.setString(4, entry.compoundName());
                        insert.setString(5, entry.smiles());
                        insert.setString(6, entry.inchikey());
                        insert.setObject(7, entry.precursorMz(), Types.DOUBLE);
                        insert.addBatch();
                        if ((row + 1) % ENTRY_BATCH == 0) {
                            insert.executeBatch();
                        }
                    }
                    insert.executeBatch();
                }
                connection.commit();
                return version;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("library '" + info.name() + "' cannot be saved in PostgreSQL", e);
        }
    }

    @Override
    public void delete(String name) {
        try (Connection connection = database.getConnection()) {
            delete(connection, name);
        } catch (SQLException e) {
            throw new StoreUnavailableException("library '" + name + "' cannot be deleted from PostgreSQL", e);
        }
    }

    private static void delete(Connection connection, String name) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from libraries where name = ?")) {
            delete.setString(1, name);
            delete.executeUpdate();
        }
    }
}
