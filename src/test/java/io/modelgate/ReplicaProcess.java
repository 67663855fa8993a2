package io.modelgate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One replica of the service for the multi-replica tests: the packaged application
 * ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package} before failsafe's {@code integration-test})
 * started as a child process on a free port, configured only through its environment, its log kept under
 * {@code target/replicas/}. Killed with {@link #kill()} as {@code kill -9} would, stopped gracefully with {@link #terminate()}, or
 * stopped with {@link #close()}.
 */
public final class ReplicaProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ReplicaProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts a replica with {@code environment} added to this JVM's (its port is chosen here); returns at once. */
    public static ReplicaProcess start(String name, Map<String, String> environment) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the multi-replica tests run in 'verify', after 'package'");
        }
        int port = freePort();
        try {
            Path log = Files.createDirectories(Path.of("target/replicas")).resolve(name + "-" + port + ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-jar", JAR.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            return new ReplicaProcess(name, port, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start replica " + name, e);
        }
    }

    /**
     * The environment of replicas sharing the postgresql store in {@code schema} of the test database, with leases
     * short enough for a test (heartbeat 300 ms, expiry 2 s, a look for abandoned runs every 500 ms); add to it.
     */
    public static Map<String, String> sharedStore(String schema, Path resultsDir) {
        String url = TestDatabase.url();
        Map<String, String> environment = new HashMap<>();
        environment.put("MODELGATE_STORE", "postgresql");
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        environment.put("QUARKUS_DATASOURCE_USERNAME", TestDatabase.user());
        environment.put("QUARKUS_DATASOURCE_PASSWORD", TestDatabase.password());
        environment.put("QUARKUS_FLYWAY_SCHEMAS", schema);
        environment.put("MODELGATE_STORE_LEASE_HEARTBEAT", "300ms");
        environment.put("MODELGATE_STORE_LEASE_EXPIRY", "2s");
        environment.put("MODELGATE_STORE_LEASE_TAKEOVER_EVERY", "500ms");
        environment.put("MODELGATE_RESULTS_DIR", resultsDir.toString());
        environment.put("MODELGATE_DATA_DIR", TestFolders.dataDir().toAbsolutePath().toString());
        environment.put("MODELGATE_DATA_DOWNLOAD", "false");
        return environment;
    }

    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:PORT}, for RestAssured's {@code baseUri} or an HTTP client. */
    public String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until {@code /q/health/ready} answers 200, failing with the end of the replica's log if it exits or takes too long. */
    public void awaitReady(Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("replica " + name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(baseUri() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            TestSupport.sleep(200);
        }
        throw new AssertionError("replica " + name + " not ready within " + within + ":\n" + logTail());
    }

    /** Ends the replica at once, as {@code kill -9} does: no shutdown hook runs, nothing is given up. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** Sends SIGTERM, as Kubernetes does to a pod it stops, and returns at once: the replica shuts down gracefully. */
    public void terminate() {
        process.destroy();
    }

    /** Waits up to {@code within} for the replica to exit; true when it did. */
    public boolean awaitExit(Duration within) {
        try {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The process id: the start of the owner a replica writes into the leases it holds ({@code pid@host/…}). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The replica's whole log (stdout and stderr). */
    public Path log() {
        return log;
    }

    /** The last lines of the replica's log, for a failure message. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Stops the replica as Kubernetes would (SIGTERM), killing it if it takes more than 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    private void waitFor() {
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
