package io.modelgate.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Copies one package's share of a store (its spectral libraries, say) from one store to the other, for
 * {@code store copy}. The command lives in {@code evaluation}, which copies runs and the ledger itself and may not
 * import the packages that keep the rest; each of those offers a copier instead, a CDI bean the command finds.
 */
public interface StoreCopier {

    /**
     * One side of a copy as named on the command line: for {@link StoreKind#FILES} its results folder and, when
     * given, its libraries folder (otherwise the configured one); for {@link StoreKind#POSTGRESQL} neither.
     */
    record Side(StoreKind kind, Path resultsDir, Optional<Path> librariesDir) {
        @Override
        public String toString() {
            return kind == StoreKind.FILES ? "files:" + resultsDir : "postgresql";
        }
    }

    /**
     * Copies what {@code from} holds and {@code to} lacks, keeping what {@code to} holds already.
     *
     * @return the line {@code store copy} prints about it
     */
    String copy(Side from, Side to);
}
