package io.modelgate.evaluation;

import io.modelgate.config.StoreKind;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the ledger and run store once, at start, from {@code modelgate.store}: every class of the package gets
 * the same pair, so a run, its answers and its ledger row always land in one place.
 */
@Singleton
final class ResultStores {

    private final StoreKind kind;
    private final ResultsConfig config;

    ResultStores(@ConfigProperty(name = StoreKind.KEY, defaultValue = "files") StoreKind kind, ResultsConfig config) {
        this.kind = kind;
        this.config = config;
    }

    @Produces
    @Singleton
    LedgerStore ledger() {
        return new LedgerFile(config.dir());
    }

    @Produces
    @Singleton
    RunStore runs() {
        return new RunFiles(config.dir());
    }
}
