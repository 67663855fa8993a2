package io.modelgate.evaluation;

import io.modelgate.TestDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;
import java.util.UUID;

/**
 * The service on the postgresql store: the test database of {@link TestDatabase}, in a schema of its own per test
 * run (Flyway creates and migrates it at start), so that leftovers of an earlier run are never seen.
 */
public class PostgresStoreProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        String url = TestDatabase.url();
        if (url == null) {
            return Map.of(); // the test class is disabled then; see PostgresRunsApiTest
        }
        String schema = "quarkus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return Map.of("modelgate.store", "postgresql",
                "quarkus.datasource.jdbc.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "quarkus.datasource.username", TestDatabase.user(),
                "quarkus.datasource.password", TestDatabase.password(),
                "quarkus.flyway.schemas", schema);
    }
}
