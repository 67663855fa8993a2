package io.modelgate.evaluation;

import io.modelgate.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the postgresql store's schema is brought up to date, and what a failed migration or an absent database gives. */
class StoreSchemaTest {

    @Test
    void aMigrationThatFailsIsNamedAndLeavesNoHalfOfItInTheSchema() throws SQLException {
        TestDatabase.assumeConfigured();
        String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Flyway flyway = Flyway.configure().dataSource(TestDatabase.url(), TestDatabase.user(), TestDatabase.password())
                .schemas(schema).locations("classpath:db/migration", "classpath:db/failing-migration").load();

        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> StoreSchema.migrate(flyway, "the-url"));

        assertTrue(failed.getMessage().startsWith("the store's schema at the-url cannot be brought up to date: "),
                failed.getMessage());
        assertTrue(failed.getMessage().contains("V99__half_made.sql"), failed.getMessage());
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setUrl(TestDatabase.url());
        database.setUser(TestDatabase.user());
        database.setPassword(TestDatabase.password());
        try (Connection connection = database.getConnection(); Statement query = connection.createStatement()) {
            assertFalse(exists(query, schema + ".half_made"), "the failed migration's first table was rolled back");
            assertTrue(exists(query, schema + ".runs"), "the migrations before it stay applied");
            try (ResultSet row = query.executeQuery("select count(*) from " + schema
                    + ".flyway_schema_history where version = '99' and success")) {
                row.next();
                assertEquals(0, row.getInt(1), "the failed migration is not recorded as applied");
            }
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedIsToldApartFromAFailedMigration() {
        // Port 1 on the loopback: nothing listens, the connection is refused at once.
        Flyway flyway = Flyway.configure().dataSource("jdbc:postgresql://127.0.0.1:1/modelgate", "modelgate", "secret")
                .connectRetries(0).load();

        FlywayException unreachable = assertThrows(FlywayException.class, () -> StoreSchema.migrate(flyway, "the-url"));

        assertTrue(StoreSchema.unreachable(unreachable), unreachable.toString());
    }

    @Test
    void theDatabaseUrlIsShownWithoutItsPassword() {
        assertEquals("jdbc:postgresql://db:5432/modelgate?user=mg&password=***&ssl=true",
                StoreSchema.withoutPassword("jdbc:postgresql://db:5432/modelgate?user=mg&password=s3cret&ssl=true"));
        assertEquals("jdbc:postgresql://db:5432/modelgate", StoreSchema.withoutPassword("jdbc:postgresql://db:5432/modelgate"));
    }

    private static boolean exists(Statement query, String table) throws SQLException {
        try (ResultSet row = query.executeQuery("select to_regclass('" + table + "') is not null")) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
