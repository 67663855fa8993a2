package io.modelgate.serving;

import io.modelgate.config.DaemonTimers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When the model repository scans its folder by itself: once at start, off the start-up thread so that the
 * service answers (not ready) while models load, then on a poll when {@code modelgate.models.poll-interval} is
 * set; at shutdown it stops and the repository closes its sessions.
 */
@ApplicationScoped
class RepositoryScheduler {

    private static final Logger LOG = Logger.getLogger(RepositoryScheduler.class);

    private final ModelRepository repository;
    private final ModelRepositoryConfig config;
    private final ScheduledExecutorService scheduler = DaemonTimers.single("modelgate-model-repository");

    RepositoryScheduler(ModelRepository repository, ModelRepositoryConfig config) {
        this.repository = repository;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.maxConcurrency() < 1 || config.maxBatchSize() < 1) {
            throw new IllegalStateException("modelgate.models.max-concurrency and modelgate.models.max-batch-size must be"
                    + " 1 or more, got " + config.maxConcurrency() + " and " + config.maxBatchSize());
        }
        LOG.infof("model repository %s", config.dir().toAbsolutePath().normalize());
        scheduler.execute(repository::initialScan);
        config.pollInterval().ifPresent(interval -> scheduler.scheduleWithFixedDelay(repository::pollQuietly,
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS));
    }

    void onStop(@Observes ShutdownEvent event) {
        scheduler.shutdownNow();
        repository.close();
    }
}
