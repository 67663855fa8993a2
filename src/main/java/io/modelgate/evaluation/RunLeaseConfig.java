package io.modelgate.evaluation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How replicas sharing the postgresql store own runs: a run belongs to the replica whose lease on it is fresh, and
 * any replica takes over a run whose lease expired (its owner was killed). Unused by the files store, whose runs
 * stay with the process that started them.
 */
@ConfigMapping(prefix = "modelgate.store.lease")
public interface RunLeaseConfig {

    /** How often the owner of a run renews its lease, reports the run's progress and looks for a cancel request. */
    @WithDefault("2s")
    Duration heartbeat();

    /** How old a lease may get before another replica takes the run over; several heartbeats, so a slow one is no loss. */
    @WithDefault("10s")
    Duration expiry();

    /**
     * How often a server looks for runs whose lease expired, to take one over; {@code 0s} never (the benchmark CLI
     * never does: it runs its own runs and exits).
     */
    @WithDefault("2s")
    Duration takeoverEvery();
}
