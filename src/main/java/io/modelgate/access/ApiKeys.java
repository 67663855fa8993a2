package io.modelgate.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of a keys file, each kept only as its SHA-256 with the roles it grants and the line it came from (the
 * name a key goes by in logs and identities, since the key itself never appears there).
 */
public final class ApiKeys {

    /** Shorter keys are refused: a key is a password that a script sends, so it can be long. */
    static final int MIN_KEY_LENGTH = 16;

    /** One key of the file. */
    record Entry(byte[] sha256, Set<Role> roles, int line) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads the lines of a keys file: {@code <key> <role>[,<role>]}, blank lines and {@code #} comments skipped.
     *
     * @param source how messages name the file
     * @throws ApiKeysFileException naming the line (never the key) that is not of that form, or when no line is
     */
    public static ApiKeys parse(List<String> lines, String source) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            String[] fields = line.split("\\s+");
            if (fields.length != 2) {
                throw new ApiKeysFileException("line " + number + " of " + source + " has " + fields.length
                        + " fields; expected '<key> <role>[,<role>]' with the roles infer, admin");
            }
            if (fields[0].length() < MIN_KEY_LENGTH) {
                throw new ApiKeysFileException("the key on line " + number + " of " + source + " is shorter than "
                        + MIN_KEY_LENGTH + " characters");
            }
            byte[] hash = sha256(fields[0]);
            for (Entry earlier : entries) {
                if (MessageDigest.isEqual(earlier.sha256(), hash)) {
                    throw new ApiKeysFileException("line " + number + " of " + source + " repeats the key of line "
                            + earlier.line());
                }
            }
            entries.add(new Entry(hash, roles(fields[1], number, source), number));
        }
        if (entries.isEmpty()) {
            throw new ApiKeysFileException(source + " lists no key; expected lines '<key> <role>[,<role>]'"
                    + " (or leave modelgate.auth.keys-file unset for loopback-only administration)");
        }
        return new ApiKeys(entries);
    }

    private static Set<Role> roles(String field, int number, String source) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String id : field.split(",", -1)) {
            Role role = Role.of(id).orElseThrow(() -> new ApiKeysFileException("line " + number + " of " + source
                    + " names the role '" + id + "'; expected infer or admin"));
            roles.addAll(role.granted());
        }
        return roles;
    }

    /**
     * The entry of a key, if it is one of these. Every entry is compared, in constant time, so the time taken
     * tells nothing about which key or how much of one matched.
     */
    public Optional<Entry> find(String key) {
        byte[] hash = sha256(key);
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.sha256(), hash) && found == null) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }

    /** How many keys there are. */
    public int size() {
        return entries.size();
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
