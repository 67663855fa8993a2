package io.modelgate.evaluation;

import io.modelgate.config.StoreKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code /q/health/ready}: with the postgresql store, not ready while the database does not answer (runs and the
 * ledger live there) or its schema is not up to date yet (see {@link StoreSchema}); the files store is always ready. The failure says what the driver said, never the settings
 * (the password stays out of it).
 */
@Readiness
@ApplicationScoped
public class StoreReadinessCheck implements HealthCheck {

    private static final int VALID_WITHIN_SECONDS = 2;

    private final StoreKind kind;
    private final Instance<DataSource> database;
    private final StoreSchema schema;

    public StoreReadinessCheck(@ConfigProperty(name = StoreKind.KEY, defaultValue = "files") StoreKind kind,
                               Instance<DataSource> database, StoreSchema schema) {
        this.kind = kind;
        this.database = database;
        this.schema = schema;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("store").withData("kind", kind.name().toLowerCase());
        if (kind != StoreKind.POSTGRESQL) {
            return response.up().build();
        }
        Optional<String> problem = schema.problem();
        if (problem.isPresent()) {
            return response.down().withData("reason", problem.get()).build();
        }
        try (Connection connection = database.get().getConnection()) {
            return response.status(connection.isValid(VALID_WITHIN_SECONDS)).build();
        } catch (SQLException | RuntimeException e) {
            return response.down().withData("reason", "the database does not answer: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))).build();
        }
    }
}
