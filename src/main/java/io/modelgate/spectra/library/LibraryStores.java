package io.modelgate.spectra.library;

import io.modelgate.config.StoreKind;
import io.modelgate.spectra.SpectraConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Chooses the library store once, at start, from {@code modelgate.store} (the same key as the runs and the ledger). */
@Singleton
final class LibraryStores {

    private final StoreKind kind;
    private final SpectraConfig config;

    LibraryStores(@ConfigProperty(name = StoreKind.KEY, defaultValue = "files") StoreKind kind, SpectraConfig config) {
        this.kind = kind;
        this.config = config;
    }

    @Produces
    @Singleton
    LibraryStore store() {
        return new LibraryFiles(config.librariesDir());
    }
}
