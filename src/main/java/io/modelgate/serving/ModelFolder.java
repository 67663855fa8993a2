package io.modelgate.serving;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.modelgate.config.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One model's folder in the repository, Triton style: {@code model.yaml}, and either an ONNX file at
 * the top (one version, {@code version:} in model.yaml) or numbered version folders {@code 1/}, {@code 2/} …
 * each holding an ONNX file and, optionally, a model.yaml of its own that replaces the folder's.
 */
final class ModelFolder {

    /** What a model name may be: it becomes a folder name and a URL segment. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");

    /** One version to load: its configuration and its ONNX file. */
    record VersionSource(long version, ModelConfig config, Path onnxFile) {
    }

    private ModelFolder() {
    }

    static boolean isModelFolder(Path dir) {
        return Files.isDirectory(dir) && NAME.matcher(dir.getFileName().toString()).matches();
    }

    static List<VersionSource> versions(Path dir) throws ModelLoadException {
        String name = dir.getFileName().toString();
        ModelConfig config = read(dir.resolve(ModelConfig.FILE_NAME), name);
        List<Path> versionDirs;
        try (Stream<Path> children = Files.list(dir)) {
            versionDirs = children.filter(Files::isDirectory)
                    .filter(child -> VERSION.matcher(child.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(ModelFolder::versionOf))
                    .toList();
        } catch (IOException e) {
            throw new ModelLoadException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (versionDirs.isEmpty()) {
            return List.of(new VersionSource(config.version(), config, onnxFile(dir, config)));
        }
        List<VersionSource> sources = new ArrayList<>();
        for (Path versionDir : versionDirs) {
            Path own = versionDir.resolve(ModelConfig.FILE_NAME);
            ModelConfig versionConfig = (Files.exists(own) ? read(own, name) : config).withVersion(versionOf(versionDir));
            sources.add(new VersionSource(versionConfig.version(), versionConfig, onnxFile(versionDir, versionConfig)));
        }
        return sources;
    }

    /**
     * What the folder looks like now (every file's path, size and modification time), so that a poll
     * can tell a changed model from an unchanged one.
     */
    static String fingerprint(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            StringBuilder fingerprint = new StringBuilder();
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                fingerprint.append(dir.relativize(file)).append(':').append(Files.size(file)).append(':')
                        .append(Files.getLastModifiedTime(file).toMillis()).append('\n');
            }
            return fingerprint.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ModelConfig read(Path file, String folderName) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file + " is missing");
        }
        ModelConfig config;
        try {
            if (Files.readString(file).isBlank()) {
                throw new ModelLoadException(file + " is empty; it needs at least 'name: " + folderName + "'");
            }
            config = Yaml.MAPPER.readValue(file.toFile(), ModelConfig.class);
        } catch (JsonMappingException e) {
            throw new ModelLoadException(file + " is invalid: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + " (at " + e.getPathReference() + ")", e);
        } catch (IOException e) {
            throw new ModelLoadException(file + " cannot be read: " + e.getMessage(), e);
        }
        if (!folderName.equals(config.name())) {
            throw new ModelLoadException(file + " names the model '" + config.name() + "' but its folder is '"
                    + folderName + "': they must be the same");
        }
        if (config.version() < 1) {
            throw new ModelLoadException(file + ": version must be 1 or more, got " + config.version());
        }
        return config;
    }

    private static Path onnxFile(Path dir, ModelConfig config) throws ModelLoadException {
        Path file = dir.resolve(config.file()).normalize();
        if (!file.startsWith(dir)) {
            throw new ModelLoadException("file '" + config.file() + "' of model '" + config.name()
                    + "' points outside its folder");
        }
        return file;
    }

    private static long versionOf(Path versionDir) {
        return Long.parseLong(versionDir.getFileName().toString());
    }
}
