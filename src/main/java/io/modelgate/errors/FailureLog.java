package io.modelgate.errors;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What the server log says of a failure answered to a client. A server fault (500) is an ERROR with its stack
 * trace; an upstream or model not ready (502, 503, 504) a WARN line, at most one per status and kind per
 * {@code modelgate.log.repeat-interval}; the client's own mistakes (4xx) only at DEBUG, rate-limited the same
 * way, as a client that repeats a mistake must not fill the log.
 */
@ApplicationScoped
public class FailureLog {

    private static final Logger LOG = Logger.getLogger(FailureLog.class);

    private final RepeatLimit limit;

    public FailureLog(@ConfigProperty(name = "modelgate.log.repeat-interval", defaultValue = "10s") Duration interval) {
        this.limit = new RepeatLimit(interval, System::nanoTime);
    }

    public void answered(ApiException e) {
        if (e.status() == 500) {
            LOG.error(e.getMessage(), e.getCause() != null ? e.getCause() : e);
            return;
        }
        Logger.Level level = e.status() > 500 ? Logger.Level.WARN : Logger.Level.DEBUG;
        if (!LOG.isEnabled(level)) {
            return;
        }
        OptionalLong heldBack = limit.tryLog(e.status() + " " + e.getClass().getSimpleName());
        if (heldBack.isEmpty()) {
            return;
        }
        long count = heldBack.getAsLong();
        LOG.log(level, count == 0 ? e.getMessage()
                : e.getMessage() + " (and " + count + " more " + e.status() + " answers of this kind not logged)");
    }
}
