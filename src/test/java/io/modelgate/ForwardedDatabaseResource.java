package io.modelgate;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * The test database of {@link TestDatabase} reached through a {@link TcpForwarder}, so that a test can take the
 * database away from the running service ({@link TcpForwarder#cut()}) and give it back: the datasource's URL names
 * the forwarder's port, in a schema of its own (Flyway creates and migrates it at start). Started with nothing when no
 * database is configured (the test class is disabled then).
 */
public class ForwardedDatabaseResource implements QuarkusTestResourceLifecycleManager {

    // Static as FakeLlmResource's server is: Quarkus starts the resource, the test reaches it through the class.
    private static TcpForwarder forwarder;

    public static TcpForwarder forwarder() {
        return forwarder;
    }

    @Override
    public Map<String, String> start() {
        String url = TestDatabase.url();
        if (url == null) {
            return Map.of();
        }
        URI target = URI.create(url.substring("jdbc:".length()));
        try {
            forwarder = TcpForwarder.to(target.getHost(), target.getPort() < 0 ? 5432 : target.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the forwarder to " + target.getHost(), e);
        }
        String forwarded = url.replaceFirst("//[^/]+/", "//127.0.0.1:" + forwarder.port() + "/");
        String schema = "quarkus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return Map.of("quarkus.datasource.jdbc.url", forwarded + (forwarded.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "quarkus.datasource.username", TestDatabase.user(),
                "quarkus.datasource.password", TestDatabase.password(),
                "quarkus.flyway.schemas", schema);
    }

    @Override
    public void stop() {
        if (forwarder != null) {
            try {
                forwarder.close();
            } catch (IOException e) {
                // nothing left to release: its sockets are closed or were never open
            }
        }
    }
}
