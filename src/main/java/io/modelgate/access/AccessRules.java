package io.modelgate.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Whether a request that needs a role is answered: a key with the role always is; without keys configured, a
 * request from the loopback address stands in for the admin; {@code modelgate.auth.inference=open} lets inference
 * through without a key.
 *
 * @param keysConfigured whether a keys file is configured
 */
public record AccessRules(boolean keysConfigured, InferenceAccess inference) {

    /** What is decided about one request. */
    public enum Decision {
        PERMIT,
        /** No key sent (or none accepted): 401. */
        NEEDS_KEY,
        /** No keys configured and the request came from another machine: 403. */
        LOOPBACK_ONLY,
        /** A key was sent that lacks the role: 403. */
        LACKS_ROLE
    }

    /**
     * @param roles         the roles of the request's identity (empty when anonymous)
     * @param anonymous     whether the request came without an accepted key
     * @param remoteAddress the peer's IP address as text, or null when unknown
     */
    public Decision decide(Role needed, Set<String> roles, boolean anonymous, String remoteAddress) {
        if (needed == Role.INFER && inference == InferenceAccess.OPEN || roles.contains(needed.id())) {
            return Decision.PERMIT;
        }
        if (!anonymous) {
            return Decision.LACKS_ROLE;
        }
        if (keysConfigured) {
            return Decision.NEEDS_KEY;
        }
        return isLoopback(remoteAddress) ? Decision.PERMIT : Decision.LOOPBACK_ONLY;
    }

    /** Whether an IP address (never a host name: nothing is looked up) is a loopback address. */
    static boolean isLoopback(String address) {
        if (address == null || address.isEmpty() || !address.matches("[0-9a-fA-F.:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
