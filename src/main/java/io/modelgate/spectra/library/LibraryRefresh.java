package io.modelgate.spectra.library;

import io.modelgate.spectra.SpectraConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@link Libraries#refresh()} every {@code modelgate.spectra.library-refresh}, so that a library saved, replaced
 * or deleted through one replica is served the same way by every other within that time. A store that does not
 * answer is logged and asked again next time; what is in memory meanwhile stays served.
 */
@ApplicationScoped
@Startup
public class LibraryRefresh implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LibraryRefresh.class);

    private final Libraries libraries;
    private final ScheduledExecutorService timer;
    private boolean failing;

    @Inject
    LibraryRefresh(Libraries libraries, SpectraConfig config) {
        this(libraries, config.libraryRefresh());
    }

    /** Refreshes {@code libraries} every {@code period}, starting one period from now. */
    public LibraryRefresh(Libraries libraries, Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("modelgate.spectra.library-refresh must be positive, not " + period);
        }
        this.libraries = libraries;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "library-refresh");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            libraries.refresh();
            if (failing) {
                LOG.info("the library store answers again; libraries are refreshed");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) { // once per outage, not every period
                LOG.warnf("cannot refresh the spectral libraries, serving those in memory: %s", e.getMessage());
                failing = true;
            }
        }
    }

    @Override
    @PreDestroy
    public void close() {
        timer.shutdownNow();
    }
}
