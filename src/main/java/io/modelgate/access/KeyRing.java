package io.modelgate.access;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The keys file, read once at start (a bad one stops the start, naming the line), and the access rules it makes;
 * the start log says which requests need a key.
 */
@Startup
@ApplicationScoped
public class KeyRing {

    private static final Logger LOG = Logger.getLogger(KeyRing.class);

    private final Optional<ApiKeys> keys;
    private final AccessRules rules;

    public KeyRing(AuthConfig config) {
        this.keys = config.keysFile().map(KeyRing::read);
        this.rules = new AccessRules(keys.isPresent(), config.inference());
        LOG.info(describe(config));
    }

    private static ApiKeys read(Path file) {
        try {
            return ApiKeys.parse(Files.readAllLines(file), "the keys file " + file + " (modelgate.auth.keys-file)");
        } catch (IOException e) {
            throw new ApiKeysFileException("the keys file " + file + " (modelgate.auth.keys-file) cannot be read: "
                    + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    private String describe(AuthConfig config) {
        String inference = config.inference() == InferenceAccess.OPEN ? "inference is open to anyone"
                : keys.isPresent() ? "inference needs a key with the infer role"
                : "inference is answered only from the loopback address";
        return keys.map(k -> k.size() + " API key(s) from " + config.keysFile().orElseThrow()
                        + ": admin requests need a key with the admin role; " + inference + " (modelgate.auth.inference)")
                .orElse("No API keys (modelgate.auth.keys-file unset): admin requests (repository load/unload/index, runs"
                        + " start/cancel, library create/replace/delete) are answered only from the loopback address; "
                        + inference + " (modelgate.auth.inference)");
    }

    /** The key's entry, if the keys file lists it; empty also when there is no keys file. */
    Optional<ApiKeys.Entry> find(String key) {
        return keys.flatMap(k -> k.find(key));
    }

    boolean configured() {
        return keys.isPresent();
    }

    AccessRules rules() {
        return rules;
    }
}
