package io.modelgate.tasks;

import io.modelgate.TestFolders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskRepositoryTest {

    @TempDir
    Path root;

    @BeforeEach
    void copyPenguinsTask() throws IOException {
        TestFolders.copyTree(Path.of("tasks/penguins"), root.resolve("penguins"));
    }

    private TaskRepository repository() {
        return new TaskRepository(() -> root, io.modelgate.TestFolders.dataSets());
    }

    @Test
    void committedPenguinsSplitsMatchTheirChecksums() {
        TaskRepository.LoadedTask task = repository().get("penguins");
        assertEquals(3, task.files().size());
        task.files().forEach(check -> assertTrue(check.verified(), check.file().name() + ": " + check.problem()));
    }

    @Test
    void testSetThatWasChangedIsRefusedWithBothChecksums() throws IOException {
        Path testSet = root.resolve("penguins/penguins-test.csv");
        Files.writeString(testSet, Files.readString(testSet).replace("Adelie", "Gentoo"));
        TaskRepository.FileCheck check = repository().get("penguins").files().stream()
                .filter(c -> c.file().name().equals("penguins-test")).findFirst().orElseThrow();
        assertFalse(check.verified());
        assertTrue(check.problem().contains("but task.yaml expects "), check.problem());
    }

    @Test
    void examplesOfAChangedTestSetAreRefused() throws IOException {
        Path testSet = root.resolve("penguins/penguins-test.csv");
        Files.writeString(testSet, Files.readString(testSet).replace("Adelie", "Gentoo"));
        io.modelgate.errors.NotReadyException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.modelgate.errors.NotReadyException.class, () -> repository().examples("penguins", "penguins-test"));
        assertTrue(e.getMessage().startsWith("task 'penguins': penguins-test is refused: the file "), e.getMessage());
        assertEquals(205, repository().examples("penguins", "penguins-train").size());
    }

    @Test
    void unreadableTaskYamlIsListedWithItsReason() throws IOException {
        Files.writeString(root.resolve("penguins/task.yaml"), "name: penguins\ntype: ranking\n");
        TaskRepository.LoadedTask task = repository().get("penguins");
        assertTrue(task.task().isEmpty());
        assertTrue(task.problem().contains("task.yaml is invalid"), task.problem());
    }
}
