package io.modelgate.access;

import io.modelgate.access.AccessRules.Decision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The decision of the role policies, for requests with forged peer addresses and identities. */
class AccessRulesTest {

    @ParameterizedTest(name = "keys {0}, inference {1}: {2} by {3} from {4} -> {5}")
    @CsvSource(delimiter = '|', value = {
            // No keys file: admin only from the loopback address, whatever the inference setting.
            "false | OPEN | ADMIN | anonymous | 127.0.0.1        | PERMIT",
            "false | OPEN | ADMIN | anonymous | 127.8.9.10       | PERMIT",
            "false | OPEN | ADMIN | anonymous | 0:0:0:0:0:0:0:1  | PERMIT",
            "false | OPEN | ADMIN | anonymous | ::ffff:127.0.0.1 | PERMIT",
            "false | OPEN | ADMIN | anonymous | 192.0.2.2        | LOOPBACK_ONLY",
            "false | OPEN | ADMIN | anonymous | fd00::2          | LOOPBACK_ONLY",
            "false | OPEN | ADMIN | anonymous | localhost        | LOOPBACK_ONLY",
            "false | OPEN | ADMIN | anonymous |                  | LOOPBACK_ONLY",
            "false | OPEN | INFER | anonymous | 192.0.2.2        | PERMIT",
            "false | KEY  | INFER | anonymous | 192.0.2.2        | LOOPBACK_ONLY",
            "false | KEY  | INFER | anonymous | 127.0.0.1        | PERMIT",
            // With keys: a key with the role, from anywhere; loopback is no longer enough.
            "true  | OPEN | ADMIN | anonymous | 127.0.0.1        | NEEDS_KEY",
            "true  | OPEN | ADMIN | infer     | 127.0.0.1        | LACKS_ROLE",
            "true  | OPEN | ADMIN | admin     | 192.0.2.2        | PERMIT",
            "true  | OPEN | INFER | anonymous | 192.0.2.2        | PERMIT",
            "true  | KEY  | INFER | anonymous | 192.0.2.2        | NEEDS_KEY",
            "true  | KEY  | INFER | infer     | 192.0.2.2        | PERMIT",
            "true  | KEY  | INFER | admin     | 192.0.2.2        | PERMIT",
    })
    void aRequestIsAnsweredOnlyWithTheRoleOrFromLoopbackWithoutKeys(boolean keys, InferenceAccess inference, Role needed,
                                                                    String who, String peer, Decision expected) {
        boolean anonymous = who.equals("anonymous");
        // What ApiKeyIdentityProvider gives a key of each role (admin implies infer).
        Set<String> roles = anonymous ? Set.of() : who.equals("admin") ? Set.of("admin", "infer") : Set.of("infer");
        assertEquals(expected, new AccessRules(keys, inference).decide(needed, roles, anonymous, peer));
    }
}
