package io.modelgate.tasks;

import io.modelgate.TestFolders;
import io.modelgate.data.Sha256;
import io.modelgate.errors.NotReadyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rows of a public CSV listed by id (the mof task): the list's checksum, missing rows, coded labels, empty cells. */
class ListedRowsTaskTest {

    @TempDir
    Path root;

    private Path list;
    private Path taskYaml;

    @BeforeEach
    void copyMofTask() throws IOException {
        TestFolders.copyTree(Path.of("tasks/mof"), root.resolve("mof"));
        list = root.resolve("mof/mof-test.txt");
        taskYaml = root.resolve("mof/task.yaml");
    }

    private TaskRepository repository() {
        return new TaskRepository(() -> root, TestFolders.dataSets());
    }

    private void rewriteList(String text) throws IOException {
        String old = Sha256.of(list);
        Files.writeString(list, text);
        Files.writeString(taskYaml, Files.readString(taskYaml).replace(old, Sha256.of(list)));
    }

    @Test
    void theListedRowsAreReadInTheSourcesOrderWithTheirIdsAndLabels() throws IOException {
        rewriteList("mof-6\n# a comment\nmof-2\nmof-1\n");
        var examples = repository().examples("mof", "mof-test");
        assertEquals(java.util.List.of("mof-1", "mof-2", "mof-6"), examples.stream().map(Example::id).toList());
        assertEquals("no crystals", examples.get(0).target().asText());
        assertEquals(80.09, examples.get(0).instance().get("modulator_MW").asDouble());
        assertEquals("crystals", examples.get(1).target().asText());
        assertEquals(168.0, examples.get(1).instance().get("time").asDouble());
        // mof-6 used no modulator: its empty modulator_MW is read as 0 (empty-as).
        assertEquals(0.0, examples.get(2).instance().get("modulator_MW").asDouble());
        assertTrue(examples.get(2).instance().get("modulator_MW").isNumber());
    }

    @Test
    void withoutEmptyAsAnEmptyCellIsAbsent() throws IOException {
        rewriteList("mof-6\n");
        Files.writeString(taskYaml, Files.readString(taskYaml).replace("    empty-as: 0\n", ""));
        assertTrue(repository().examples("mof", "mof-test").get(0).instance().get("modulator_MW").isNull());
    }

    @Test
    void aChangedListIsRefusedWithBothChecksums() throws IOException {
        Files.writeString(list, Files.readString(list) + "mof-5\n");
        TaskRepository.FileCheck check = repository().get("mof").files().stream()
                .filter(c -> c.file().name().equals("mof-test")).findFirst().orElseThrow();
        assertFalse(check.verified());
        assertTrue(check.problem().contains("but task.yaml expects "), check.problem());
    }

    @Test
    void aListedRowThatIsNotInTheSourceIsNamed() throws IOException {
        rewriteList("mof-1\nmof-765\n");
        NotReadyException e = assertThrows(NotReadyException.class, () -> repository().examples("mof", "mof-test"));
        assertTrue(e.getMessage().endsWith("has no row mof-765 (1 listed rows are missing)"), e.getMessage());
    }

    @Test
    void aTargetValueThatTheTargetLabelsDoNotNameIsRefused() throws IOException {
        rewriteList("mof-1\n");
        Files.writeString(taskYaml, Files.readString(taskYaml)
                .replaceFirst("target-labels: \\{\"1\": crystals, \"0\": no crystals}", "target-labels: {\"1\": crystals}"));
        NotReadyException e = assertThrows(NotReadyException.class, () -> repository().examples("mof", "mof-test"));
        assertTrue(e.getMessage().endsWith("line 2: result '0' is not one of the target-labels [1]"), e.getMessage());
    }
}
