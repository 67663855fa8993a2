package io.modelgate.spectra;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The spectra endpoints and spectral libraries. */
@ConfigMapping(prefix = "modelgate.spectra")
public interface SpectraConfig {

    /** The most peaks one spectrum in a request or library file may have. */
    @WithDefault("100000")
    int maxPeaks();

    /** The most spectra one request to the spectra endpoints may carry (a library upload is not bounded by it). */
    @WithDefault("10000")
    int maxSpectraPerRequest();

    /** The most spectra one library may hold (its embeddings are kept in memory, several copies while it is built). */
    @WithDefault("200000")
    int maxLibrarySpectra();

    /**
     * The spectrum-similarity task that {@code cosine-greedy} (and a spectra model whose model.yaml names no task)
     * answers; when there is no task of that name, the first similarity task of two spectra.
     */
    @WithDefault("spectra")
    String task();

    /** The model the spectra endpoints use without {@code ?model=}; by default the newest spectra model. */
    Optional<String> defaultModel();

    /** Where spectral libraries (their embeddings and spectrum metadata) are kept ({@code MODELGATE_SPECTRA_LIBRARIES_DIR}). */
    @WithDefault("libraries")
    Path librariesDir();

    /**
     * How often each replica asks the store which libraries were saved or deleted elsewhere (by another replica
     * on the same PostgreSQL database, or another process on the same folder); one small query each time.
     */
    @WithDefault("2s")
    Duration libraryRefresh();
}
