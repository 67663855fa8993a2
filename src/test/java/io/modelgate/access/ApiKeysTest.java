package io.modelgate.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiKeysTest {

    private static final String ADMIN = "admin-key-0123456789abcdef";
    private static final String INFER = "infer-key-0123456789abcdef";

    private static ApiKeys keys(String... lines) {
        return ApiKeys.parse(List.of(lines), "keys.txt");
    }

    @Test
    void commentsAndBlankLinesAreSkippedAndEachKeyHasItsRoles() {
        ApiKeys keys = keys("# operators", "", ADMIN + " admin", "   ", "  " + INFER + "\tinfer  ");
        assertEquals(2, keys.size());
        assertEquals(Set.of(Role.INFER), keys.find(INFER).orElseThrow().roles());
        assertEquals(5, keys.find(INFER).orElseThrow().line());
    }

    @Test
    void adminImpliesInfer() {
        assertEquals(Set.of(Role.ADMIN, Role.INFER), keys(ADMIN + " admin").find(ADMIN).orElseThrow().roles());
        assertEquals(Set.of(Role.ADMIN, Role.INFER), keys(ADMIN + " infer,admin").find(ADMIN).orElseThrow().roles());
    }

    @Test
    void aKeyNotInTheFileIsNotFoundNorIsAPrefixOrExtensionOfOne() {
        ApiKeys keys = keys(ADMIN + " admin");
        assertFalse(keys.find("someone-elses-key-0123456789").isPresent());
        assertFalse(keys.find(ADMIN.substring(0, ADMIN.length() - 1)).isPresent());
        assertFalse(keys.find(ADMIN + "0").isPresent());
        assertFalse(keys.find("").isPresent());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "admin-key-0123456789abcdef                 | line 2 of keys.txt has 1 fields",
            "admin-key-0123456789abcdef admin extra     | line 2 of keys.txt has 3 fields",
            "admin-key-0123456789abcdef root            | line 2 of keys.txt names the role 'root'; expected infer or admin",
            "admin-key-0123456789abcdef admin,          | line 2 of keys.txt names the role ''",
            "short-key admin                            | the key on line 2 of keys.txt is shorter than 16 characters",
            "infer-key-0123456789abcdef admin           | line 2 of keys.txt repeats the key of line 1",
    })
    void aBadLineStopsTheStartNamingItsNumberButNeverTheKey(String line, String expected) {
        ApiKeysFileException e = assertThrows(ApiKeysFileException.class, () -> keys(INFER + " infer", line));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        String key = line.strip().split("\\s+")[0];
        assertFalse(e.getMessage().contains(key), "the message names the key: " + e.getMessage());
    }

    @Test
    void aFileWithoutKeysIsRefused() {
        ApiKeysFileException e = assertThrows(ApiKeysFileException.class, () -> keys("# nothing yet", ""));
        assertTrue(e.getMessage().contains("keys.txt lists no key"), e.getMessage());
    }
}
