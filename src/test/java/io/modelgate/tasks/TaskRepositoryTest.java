package io.modelgate.tasks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.modelgate.TestFolders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** A reader of format {@code stub} that answers one example and remembers the paths it was given. */
    private static final class StubReader implements ExampleSetReader {

        Path source;
        Path file;

        @Override
        public String format() {
            return "stub";
        }

        @Override
        public String fileDescription() {
            return "the list of stubs";
        }

        @Override
        public List<Example> read(Task task, Path source, Path file) {
            this.source = source;
            this.file = file;
            return List.of(new Example("stub-1", JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.nullNode()));
        }
    }

    private void addStubSet(String file) throws IOException {
        String sha256 = io.modelgate.data.Sha256.of(root.resolve("penguins/penguins-test.csv"));
        Files.writeString(root.resolve("penguins/task.yaml"), "  - name: penguins-stub\n"
                + "    source: ms2deepscore/pesticides_processed.mgf\n    format: stub\n"
                + (file == null ? "" : "    file: " + file + "\n") + "    sha256: " + sha256 + "\n",
                java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void aSetOfAReadersFormatIsReadByThatReaderWithItsSourceAndFile() throws IOException {
        addStubSet("penguins-test.csv");
        StubReader reader = new StubReader();
        TaskRepository repository = new TaskRepository(() -> root, TestFolders.dataSets(), List.of(reader));

        List<Example> examples = repository.examples("penguins", "penguins-stub");

        assertEquals(List.of("stub-1"), examples.stream().map(Example::id).toList());
        assertEquals(TestFolders.dataDir().resolve("ms2deepscore/pesticides_processed.mgf").toAbsolutePath().normalize(),
                reader.source.toAbsolutePath().normalize());
        assertEquals(root.resolve("penguins/penguins-test.csv"), reader.file);
    }

    @Test
    void aSetOfAReadersFormatWithoutFileIsRefusedSayingWhatTheFileHolds() throws IOException {
        addStubSet(null);
        TaskRepository repository = new TaskRepository(() -> root, TestFolders.dataSets(), List.of(new StubReader()));

        TaskRepository.FileCheck check = repository.get("penguins").files().stream()
                .filter(c -> c.file().name().equals("penguins-stub")).findFirst().orElseThrow();

        assertFalse(check.verified());
        assertEquals("a stub set needs 'file': the list of stubs", check.problem());
    }

    @Test
    void aFormatNoReaderReadsIsRefusedNamingTheFormatsThatAreRead() throws IOException {
        addStubSet("penguins-test.csv");

        TaskRepository.FileCheck check = repository().get("penguins").files().stream()
                .filter(c -> c.file().name().equals("penguins-stub")).findFirst().orElseThrow();

        assertFalse(check.verified());
        assertEquals("format 'stub' is not one of [rows, image-archive]", check.problem());
    }
}
