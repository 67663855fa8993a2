package io.modelgate.spectra;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
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

    /** The model the spectra endpoints use without {@code ?model=}; by default the newest spectra model. */
    Optional<String> defaultModel();

    /** Where spectral libraries (their embeddings and spectrum metadata) are kept ({@code MODELGATE_SPECTRA_LIBRARIES_DIR}). */
    @WithDefault("libraries")
    Path librariesDir();
}
