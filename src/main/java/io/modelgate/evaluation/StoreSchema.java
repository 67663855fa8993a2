package io.modelgate.evaluation;

import io.modelgate.config.StoreKind;
import io.modelgate.config.StoreReady;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.exception.sqlExceptions.FlywaySqlUnableToConnectToDbException;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Brings the postgresql store's schema up to date (Flyway, db/migration) at start, before anything reads the store,
 * and keeps the service starting when the database cannot be reached: it says so, tries again every
 * {@value #RETRY_SECONDS} s, and fires {@link StoreReady} once it is done; until then the store's readiness is DOWN
 * while inference is served. A migration that fails stops the start with Flyway's message, which names it; PostgreSQL
 * runs each migration in one transaction, so the schema is left as it was before it.
 */
@ApplicationScoped
public class StoreSchema {

    private static final Logger LOG = Logger.getLogger(StoreSchema.class);
    private static final long RETRY_SECONDS = 5;
    private static final Pattern PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    private final StoreKind kind;
    private final boolean databaseActive;
    private final Instance<Flyway> flyway;
    private final Event<StoreReady> ready;
    private final String url;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "modelgate-store-schema");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String problem = "the store's schema is not checked yet";

    /**
     * @param databaseActive whether the datasource is used: with the postgresql store, and for a {@code store copy}
     *                       from or to PostgreSQL whichever store the service uses
     */
    StoreSchema(@ConfigProperty(name = StoreKind.KEY, defaultValue = "files") StoreKind kind,
                @ConfigProperty(name = "quarkus.datasource.active", defaultValue = "false") boolean databaseActive,
                Instance<Flyway> flyway, Event<StoreReady> ready,
                @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url) {
        this.kind = kind;
        this.databaseActive = databaseActive;
        this.flyway = flyway;
        this.ready = ready;
        this.url = withoutPassword(url.orElse("(quarkus.datasource.jdbc.url is not set)"));
    }

    /** Before every other observer of the start, as the store's readers come after it. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (!databaseActive) {
            problem = null;
            ready.fire(new StoreReady(kind));
            return;
        }
        tryToMigrate();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        retries.shutdownNow();
    }

    /** Why the store cannot be used yet, or empty once it can. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void tryToMigrate() {
        try {
            migrate(flyway.get(), url);
        } catch (FlywayException e) {
            boolean first = !problem.startsWith("the store's database");
            problem = "the store's database cannot be reached at " + url + ": " + rootMessage(e);
            if (first) {
                LOG.errorf("%s; runs, the ledger and libraries are unavailable (inference is served), tried again every"
                        + " %d s", problem, RETRY_SECONDS);
            }
            retries.schedule(this::retry, RETRY_SECONDS, TimeUnit.SECONDS);
            return;
        }
        problem = null;
        LOG.infof("the store's database at %s answers and its schema is up to date", url);
        ready.fire(new StoreReady(kind));
    }

    /** At start a failed migration stops the start; later (the database came back) it can only be said and kept. */
    private void retry() {
        try {
            tryToMigrate();
        } catch (IllegalStateException e) {
            problem = e.getMessage();
            LOG.error(problem);
        }
    }

    /**
     * Applies the migrations not applied yet. Throws Flyway's exception when the database cannot be reached, and
     * an {@link IllegalStateException} naming the migration when one fails (the schema then stays as it was before it).
     */
    static void migrate(Flyway flyway, String url) {
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            if (unreachable(e)) {
                throw e;
            }
            throw new IllegalStateException("the store's schema at " + url + " cannot be brought up to date: "
                    + e.getMessage().strip(), e);
        }
    }

    /**
     * No connection could be had (refused, SQL state class 08, or none from the pool in time: a database too slow to
     * answer), rather than a migration failing.
     */
    static boolean unreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof FlywaySqlUnableToConnectToDbException || cause instanceof ConnectException
                    || cause instanceof TimeoutException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    static String withoutPassword(String url) {
        return PASSWORD.matcher(url).replaceAll("$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst().orElse("");
    }
}
