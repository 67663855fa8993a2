package io.modelgate.serving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFolderTest {

    @TempDir
    Path root;

    private Path model(String name, String yaml) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("model.yaml"), yaml);
        return dir;
    }

    @Test
    void onnxFileAtTheTopIsTheVersionModelYamlNames() throws Exception {
        Path dir = model("m", "name: m\nversion: 4\n");
        List<ModelFolder.VersionSource> versions = ModelFolder.versions(dir);
        assertEquals(1, versions.size());
        assertEquals(4, versions.get(0).version());
        assertEquals(dir.resolve("model.onnx"), versions.get(0).onnxFile());
    }

    @Test
    void numberedFoldersAreVersionsInNumericOrderAndMayCarryTheirOwnModelYaml() throws Exception {
        Path dir = model("m", "name: m\ndescription: shared\n");
        for (String version : List.of("10", "2", "01", "notes")) {
            Files.createDirectories(dir.resolve(version));
        }
        Files.writeString(dir.resolve("10/model.yaml"), "name: m\ndescription: own\n");
        List<ModelFolder.VersionSource> versions = ModelFolder.versions(dir);
        assertEquals(List.of(2L, 10L), versions.stream().map(ModelFolder.VersionSource::version).toList());
        assertEquals("shared", versions.get(0).config().description());
        assertEquals("own", versions.get(1).config().description());
        assertEquals(10, versions.get(1).config().version());
    }

    @Test
    void onnxFileOutsideTheFolderIsRefused() throws Exception {
        Path dir = model("m", "name: m\nfile: ../other/model.onnx\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFolder.versions(dir));
        assertEquals("file '../other/model.onnx' of model 'm' points outside its folder", e.getMessage());
    }

    @Test
    void unknownKeyInModelYamlIsATypoNotSilence() throws Exception {
        Path dir = model("m", "name: m\nlabel: [a, b]\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFolder.versions(dir));
        assertTrue(e.getMessage().contains("model.yaml is invalid: Unrecognized field \"label\""), e.getMessage());
    }

    @Test
    void missingModelYamlIsNamed() throws Exception {
        Path dir = Files.createDirectories(root.resolve("bare"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelFolder.versions(dir));
        assertTrue(e.getMessage().endsWith("model.yaml is missing"), e.getMessage());
    }

    @Test
    void fingerprintChangesWhenAFileChanges() throws Exception {
        Path dir = model("m", "name: m\n");
        String before = ModelFolder.fingerprint(dir);
        Files.writeString(dir.resolve("model.yaml"), "name: m\ndescription: longer now\n");
        assertNotEquals(before, ModelFolder.fingerprint(dir));
    }
}
