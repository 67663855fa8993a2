package io.modelgate.spectra.library;

import io.modelgate.config.StoreKind;
import io.modelgate.spectra.SpectraConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;

/**
 * Chooses the library store once, at start, from {@code modelgate.store} (the same key as the runs and the ledger);
 * the datasource is looked up only for {@code postgresql}.
 */
@Singleton
final class LibraryStores {

    private final StoreKind kind;
    private final SpectraConfig config;
    private final Instance<DataSource> database;

    LibraryStores(@ConfigProperty(name = StoreKind.KEY, defaultValue = "files") StoreKind kind, SpectraConfig config,
                  Instance<DataSource> database) {
        this.kind = kind;
        this.config = config;
        this.database = database;
    }

    @Produces
    @Singleton
    LibraryStore store() {
        return kind == StoreKind.POSTGRESQL ? LibraryStore.postgresql(database.get()) : LibraryStore.files(config.librariesDir());
    }
}
