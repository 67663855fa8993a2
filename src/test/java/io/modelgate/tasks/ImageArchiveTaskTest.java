package io.modelgate.tasks;

import io.modelgate.TestFolders;
import io.modelgate.data.Sha256;
import io.modelgate.errors.NotReadyException;
import io.modelgate.spectra.SpectrumPairsReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cifar10 task's test sets: images read out of the (mirror-only) JPEG archive, all or by a list. */
class ImageArchiveTaskTest {

    @TempDir
    Path root;

    @BeforeEach
    void copyCifarTask() throws IOException {
        TestFolders.copyTree(Path.of("tasks/cifar10"), root.resolve("cifar10"));
    }

    private TaskRepository repository() {
        // With the reader of spectrum pairs, as the service has it: every format the service reads is named.
        return new TaskRepository(() -> root, TestFolders.dataSets(), List.of(new SpectrumPairsReader()));
    }

    @Test
    void everySetIsVerified() {
        TaskRepository.LoadedTask task = repository().get("cifar10");
        assertEquals(List.of("cifar10-test", "cifar10-test-1000", "cifar10-train"),
                task.files().stream().map(c -> c.file().name()).toList());
        task.files().forEach(check -> assertTrue(check.verified(), check.file().name() + ": " + check.problem()));
    }

    @Test
    void theSubsetIsTheListedThousandImagesHundredPerClass() throws IOException {
        List<Example> examples = repository().examples("cifar10", "cifar10-test-1000");
        List<String> listed = Files.readAllLines(root.resolve("cifar10/cifar10-test-1000.txt"));
        assertEquals(listed, examples.stream().map(Example::id).toList());
        Map<String, Long> perLabel = examples.stream()
                .collect(Collectors.groupingBy(e -> e.target().asText(), TreeMap::new, Collectors.counting()));
        assertEquals(10, perLabel.size());
        perLabel.values().forEach(n -> assertEquals(100L, n));
        Example first = examples.get(0);
        assertEquals("cifar10/test/airplane/0010.jpg", first.id());
        assertEquals("airplane", first.target().asText());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(first.instance().get("image").asText())));
        assertEquals(32, image.getWidth());
        assertEquals(32, image.getHeight());
    }

    @Test
    void theFullTestSetHasTenThousandImagesInNameOrder() {
        List<Example> examples = repository().examples("cifar10", "cifar10-test");
        assertEquals(10_000, examples.size());
        assertEquals("cifar10/test/airplane/0000.jpg", examples.get(0).id());
        assertEquals("cifar10/test/truck/0999.jpg", examples.get(9_999).id());
        assertEquals("truck", examples.get(9_999).target().asText());
    }

    @Test
    void aChangedListIsRefused() throws IOException {
        Path list = root.resolve("cifar10/cifar10-test-1000.txt");
        Files.writeString(list, Files.readString(list).replace("airplane/0010.jpg", "airplane/0011.jpg"));
        NotReadyException e = assertThrows(NotReadyException.class,
                () -> repository().examples("cifar10", "cifar10-test-1000"));
        assertTrue(e.getMessage().startsWith("task 'cifar10': cifar10-test-1000 is refused: the file "), e.getMessage());
        assertTrue(e.getMessage().contains("but task.yaml expects c12f1ef5"), e.getMessage());
    }

    @Test
    void aListedImageThatIsNotInTheArchiveIsNamed() throws IOException {
        Path list = root.resolve("cifar10/cifar10-test-1000.txt");
        Files.writeString(list, "cifar10/test/airplane/0010.jpg\ncifar10/test/unicorn/0001.jpg\n");
        withListChecksum(Sha256.of(list));
        NotReadyException e = assertThrows(NotReadyException.class,
                () -> repository().examples("cifar10", "cifar10-test-1000"));
        assertTrue(e.getMessage().endsWith("has no image cifar10/test/unicorn/0001.jpg (1 listed images are missing)"),
                e.getMessage());
    }

    @Test
    void anImageInAFolderThatIsNoLabelIsRefused() throws IOException {
        Path yaml = root.resolve("cifar10/task.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace(", truck]", "]"));
        NotReadyException e = assertThrows(NotReadyException.class,
                () -> repository().examples("cifar10", "cifar10-test"));
        assertTrue(e.getMessage().contains("image cifar10/test/truck/0000.jpg is in folder 'truck', which is not one of"
                + " the task's labels"), e.getMessage());
    }

    @Test
    void anUnknownFormatIsRefusedWithTheKnownOnes() throws IOException {
        Path yaml = root.resolve("cifar10/task.yaml");
        Files.writeString(yaml, Files.readString(yaml).replaceFirst("format: image-archive", "format: zip"));
        TaskRepository.FileCheck check = repository().get("cifar10").files().get(0);
        assertFalse(check.verified());
        assertEquals("format 'zip' is not one of [rows, image-archive, spectrum-pairs]", check.problem());
    }

    private void withListChecksum(String sha256) throws IOException {
        Path yaml = root.resolve("cifar10/task.yaml");
        Files.writeString(yaml, Files.readString(yaml)
                .replace("c12f1ef5dee4a43e2ae9e36fbb05d34d60861df0ef738c1c7ec51ad3e31b9fa3", sha256));
    }
}
