package io.modelgate.prompting.llm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SecretsTest {

    @Test
    void aKeyThatIsAnothersPrefixDoesNotLeaveTheLongerKeysTail() {
        Secrets secrets = new Secrets(List.of("sk-test", "sk-test-ECHO500"));
        assertEquals("Bearer [redacted] and Bearer [redacted]",
                secrets.redact("Bearer sk-test-ECHO500 and Bearer sk-test"));
    }

    @Test
    void blankKeysBlankNothing() {
        assertEquals("a b", new Secrets(List.of("", " ")).redact("a b"));
    }
}
