package io.modelgate.prompting.llm;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The configured API keys, and text with them blanked out. Longest first, so that a key that begins another
 * (a test key and its longer production sibling) does not blank the longer key's head and leave its tail.
 */
record Secrets(List<String> keys) {

    static final String REDACTED = "[redacted]";

    Secrets {
        keys = keys.stream().filter(key -> key != null && !key.isBlank()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    static Secrets of(Collection<String> keys) {
        return new Secrets(List.copyOf(keys));
    }

    String redact(String text) {
        String redacted = text;
        for (String key : keys) {
            redacted = redacted.replace(key, REDACTED);
        }
        return redacted;
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }
}
