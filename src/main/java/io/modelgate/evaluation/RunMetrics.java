package io.modelgate.evaluation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelgate.config.StoreReady;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Prometheus gauge of the primary metric of the latest complete run of each system on each test set; every gauge
 * of the ledger is there from the first scrape after the store is ready (at start, unless its database is away).
 */
@ApplicationScoped
public class RunMetrics {

    private static final Logger LOG = Logger.getLogger(RunMetrics.class);
    private static final String GAUGE = "modelgate.run.primary.metric";

    private final MeterRegistry registry;
    private final Map<String, Double> latestPrimary = new ConcurrentHashMap<>();

    private final LedgerStore ledger;

    RunMetrics(MeterRegistry registry, LedgerStore ledger) {
        this.registry = registry;
        this.ledger = ledger;
    }

    /** Once the store can be read: at start, or when the postgresql store's database answers after it. */
    void onStoreReady(@Observes StoreReady event) {
        try {
            ledger.latest().forEach(this::publish);
        } catch (RuntimeException e) {
            // The database went away again since it answered; the gauges come with the runs that complete.
            LOG.warnf("the ledger's gauges are not published: %s", e.getMessage());
        }
    }

    void onCompleted(@Observes RunCompleted event) {
        publish(event.row());
    }

    private void publish(RunRecord row) {
        if (row.primary() == null || !row.complete()) {
            return;
        }
        String testSet = row.testSet().name();
        String key = row.system() + "\n" + row.task() + "\n" + testSet + "\n" + row.primaryMetric();
        boolean isNew = latestPrimary.put(key, row.primary().value()) == null;
        if (isNew) {
            String[] tags = {"system", row.system(), "task", row.task(), "test_set", testSet, "metric", row.primaryMetric()};
            // A gauge of this id that is not ours was left by an earlier application in this JVM (tests
            // restart Quarkus; Micrometer's global registry keeps its meters) and reads that one's values.
            Gauge stale = registry.find(GAUGE).tags(tags).gauge();
            if (stale != null) {
                registry.remove(stale);
            }
            Gauge.builder(GAUGE, latestPrimary, m -> m.getOrDefault(key, Double.NaN))
                    .description("The primary metric of the latest complete run of a system on a test set")
                    .tags(tags)
                    .register(registry);
        }
    }
}
