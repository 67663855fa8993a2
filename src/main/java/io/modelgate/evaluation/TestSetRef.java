package io.modelgate.evaluation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A test set as a run saw it: its name and the SHA-256 of the file it was read from. The ledger and the
 * JSON API write it as one string, {@code name@sha256}; this is the only place that string is taken apart.
 *
 * @param sha256 null for a reference written without a checksum
 */
public record TestSetRef(String name, String sha256) {

    public TestSetRef {
        if (name == null) {
            throw new IllegalArgumentException("a test set reference needs a name");
        }
    }

    /** Reads {@code name@sha256}; text without {@code @} is a name without a checksum. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TestSetRef parse(String text) {
        if (text == null) {
            return null;
        }
        int at = text.indexOf('@');
        return at < 0 ? new TestSetRef(text, null) : new TestSetRef(text.substring(0, at), text.substring(at + 1));
    }

    /** Whether this is a version of the test set called {@code testSet}, whatever its checksum. */
    public boolean isOf(String testSet) {
        return name.equals(testSet);
    }

    /** The checksum cut to 12 characters, as the results table prints it. */
    public String shortForm() {
        return sha256 == null ? name : name + "@" + sha256.substring(0, Math.min(sha256.length(), 12)) + "…";
    }

    @JsonValue
    @Override
    public String toString() {
        return sha256 == null ? name : name + "@" + sha256;
    }
}
