package io.modelgate.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/** Who may call what (docs/configuration.md, "Keys and roles"). */
@ConfigMapping(prefix = "modelgate.auth")
public interface AuthConfig {

    /**
     * The API keys: one {@code <key> <role>[,<role>]} per line, {@code #} comments. Unset: no keys, and the admin
     * requests are answered only from the loopback address.
     */
    Optional<Path> keysFile();

    /** Whether inference needs a key with the {@code infer} role ({@code key}) or not ({@code open}). */
    @WithDefault("open")
    InferenceAccess inference();
}
