package io.modelgate.data;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where data-set files are found and whether missing ones are downloaded. */
@ConfigMapping(prefix = "modelgate.data")
public interface DataConfig {

    /**
     * The folder data-set files are read from and downloaded to ({@code MODELGATE_DATA_DIR}); when not set, the
     * mirror {@code ../shared/data} beside the checkout if it exists, else {@code data} (see {@link DataSets#folder}).
     */
    Optional<Path> dir();

    /** The manifest naming every data-set file with its URL and sha256. */
    @WithDefault("data/manifest.yaml")
    Path manifest();

    /** Whether a missing file is downloaded from its URL. */
    @WithDefault("true")
    boolean download();

    /** How long one download may take. */
    @WithDefault("10M")
    Duration downloadTimeout();
}
