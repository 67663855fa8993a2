package io.modelgate;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL the store tests run against, named by {@value #URL} (with {@value #USER} and {@value #PASSWORD}).
 * {@code ./test} starts a throwaway cluster and sets them, so under {@code ./test} every PostgreSQL test runs, and
 * one that cannot reach the database fails. The one rule: without {@value #URL} (a single class run from an IDE,
 * say) the PostgreSQL tests are skipped with a message naming it; with it set they never skip.
 */
public final class TestDatabase {

    public static final String URL = "MODELGATE_TEST_JDBC_URL";
    public static final String USER = "MODELGATE_TEST_DB_USER";
    public static final String PASSWORD = "MODELGATE_TEST_DB_PASSWORD";

    private TestDatabase() {
    }

    /** Skips the calling test, saying why, when no database is configured. */
    public static void assumeConfigured() {
        Assumptions.assumeTrue(System.getenv(URL) != null, "PostgreSQL tests skipped: " + URL + " is not set (./test"
                + " starts a PostgreSQL cluster and sets it; or point it at one, e.g. jdbc:postgresql://localhost:5432/modelgate)");
    }

    public static String url() {
        return System.getenv(URL);
    }

    public static String user() {
        return System.getenv().getOrDefault(USER, "modelgate");
    }

    public static String password() {
        return System.getenv().getOrDefault(PASSWORD, "");
    }

    /** A schema of its own with the service's migrations applied, so that tests never see each other's rows. */
    public static DataSource freshSchema() {
        return inSchema(migratedSchema());
    }

    /** The test database with {@code schema} as its current schema. */
    public static DataSource inSchema(String schema) {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl(url());
        database.setUser(user());
        database.setPassword(password());
        database.setCurrentSchema(schema);
        return database;
    }

    /** The name of a new schema with the service's migrations applied (for processes given the URL and this schema). */
    public static String migratedSchema() {
        assumeConfigured();
        String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl(url());
        database.setUser(user());
        database.setPassword(password());
        try (Connection connection = database.getConnection(); Statement create = connection.createStatement()) {
            create.execute("create schema " + schema);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL at " + url() + " cannot be reached: " + e.getMessage(), e);
        }
        // By URL, not by the data source: Flyway logs the URL it is given, and the data source's spells out every option.
        Flyway.configure().dataSource(url(), user(), password()).schemas(schema).locations("classpath:db/migration").load()
                .migrate();
        return schema;
    }

    /** The one number a {@code select count(…) … where … = ?} query gives for {@code id}. */
    public static long count(DataSource database, String query, String id) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement select = connection.prepareStatement(query)) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
