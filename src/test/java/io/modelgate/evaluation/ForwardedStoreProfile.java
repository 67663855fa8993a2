package io.modelgate.evaluation;

import java.util.Map;

/**
 * The postgresql store whose database {@link io.modelgate.ForwardedDatabaseResource} puts behind a forwarder a test
 * cuts: heartbeats every 200 ms, so that a run sees the database gone within a fraction of a second, and two batches
 * of two examples at a time, so that few examples are in flight when it goes.
 */
public class ForwardedStoreProfile implements io.quarkus.test.junit.QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("modelgate.store", "postgresql",
                "modelgate.store.lease.heartbeat", "200ms",
                "modelgate.store.lease.expiry", "1s",
                "modelgate.store.lease.takeover-every", "300ms",
                "modelgate.results.concurrency", "2",
                "modelgate.results.batch-size", "2");
    }
}
