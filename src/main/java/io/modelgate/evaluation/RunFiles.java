package io.modelgate.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files store's runs, in {@code <results>/runs/}: {@code <id>.json} (its spec) and {@code <id>.jsonl} (one
 * line per example, appended as answers arrive and flushed, so a killed run loses at most the line it
 * was writing). On resume a cut-off last line is dropped and its example asked again.
 */
final class RunFiles implements RunStore {

    private static final ObjectMapper JSON = ResultsJson.MAPPER;
    private static final Logger LOG = Logger.getLogger(RunFiles.class);

    private final Path dir;

    RunFiles(Path resultsDir) {
        this.dir = resultsDir.resolve("runs");
    }

    @Override
    public void create(RunSpec spec) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(spec.id() + ".json"), JSON.writeValueAsString(spec));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run " + spec.id(), e);
        }
    }

    @Override
    public Optional<RunSpec> spec(String id) {
        Path file = dir.resolve(id + ".json");
        if (!id.matches("[A-Za-z0-9-]+") || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), RunSpec.class));
        } catch (IOException e) {
            LOG.warnf("run spec %s cannot be read: %s", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Specs of every run on disk, newest first. */
    @Override
    public List<RunSpec> specs() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .map(f -> f.getFileName().toString().replace(".json", ""))
                    .map(this::spec).flatMap(Optional::stream)
                    .sorted(Comparator.comparing(RunSpec::startedAt).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The examples already answered, after dropping a last line that a crash cut short. */
    @Override
    public List<ExampleResult> results(String id) {
        Path file = dir.resolve(id + ".jsonl");
        List<ExampleResult> results = new ArrayList<>();
        if (!Files.exists(file)) {
            return results;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            if (end < bytes.length) {
                LOG.warnf("run %s: dropping a last line cut short (%d bytes)", id, bytes.length - end);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(end);
                }
            }
            for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    results.add(JSON.readValue(line, ExampleResult.class));
                }
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the results of run " + id, e);
        }
    }

    /** One answer, one line, written at once: a killed run loses at most the line it was writing. */
    synchronized void append(String id, ExampleResult result) {
        append(id, List.of(result));
    }

    @Override
    public synchronized void append(String id, List<ExampleResult> results) {
        try {
            Files.createDirectories(dir);
            StringBuilder lines = new StringBuilder();
            for (ExampleResult result : results) {
                lines.append(JSON.writeValueAsString(result)).append('\n');
            }
            Files.writeString(dir.resolve(id + ".jsonl"), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a result of run " + id, e);
        }
    }

    @Override
    public AnswerLog answers(String id) {
        return new AnswerLog() {
            @Override
            public void add(ExampleResult result) {
                append(id, result);
            }

            @Override
            public void close() {
                // Every answer is on disk the moment it is added.
            }
        };
    }

    /**
     * Takes the run's lock file, so that two processes sharing a results folder (a server and the CLI,
     * say) never run the same run at once; empty when another process or thread holds it. Releasing it
     * removes the file, so that no empty lock stays behind for every finished run.
     */
    @Override
    public Optional<RunClaim> claim(String id) {
        Path file = dir.resolve(id + ".lock");
        try {
            Files.createDirectories(dir);
            // A holder deletes the file just before releasing it; whoever locked that deleted file
            // meanwhile holds nothing another process can see, so takes a fresh file instead.
            for (int attempt = 0; attempt < 3; attempt++) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                java.nio.channels.FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    return Optional.empty();
                }
                if (!Files.exists(file)) {
                    channel.close();
                    continue;
                }
                return Optional.of(new FileClaim(id, file, lock, channel));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock run " + id, e);
        }
    }

    /** One process per results folder runs a run; another is never asked. */
    @Override
    public boolean requestCancel(String id) {
        return false;
    }

    /** Progress is known only to the process running the run; see {@link ActiveRuns}. */
    @Override
    public Optional<RunProgress> progress(String id) {
        return Optional.empty();
    }

    @Override
    public List<RunSpec> abandoned() {
        return List.of();
    }

    /** The run's lock file, held while the run runs; nothing else sharing the folder asks for progress or cancels. */
    /** The lock file is deleted before the lock is released, so no empty {@code .lock} stays behind a finished run. */
    private record FileClaim(String id, Path file, java.nio.channels.FileLock lock, FileChannel channel) implements RunClaim {

        @Override
        public String stopReason() {
            return null;
        }

        @Override
        public void report(RunProgress progress) {
        }

        @Override
        public void close() {
            try (channel) {
                try {
                    Files.deleteIfExists(file);
                } finally {
                    lock.release();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release the lock of run " + id, e);
            }
        }
    }

    @Override
    public void delete(String id) {
        try {
            Files.deleteIfExists(dir.resolve(id + ".jsonl"));
            Files.deleteIfExists(dir.resolve(id + ".json"));
            Files.deleteIfExists(dir.resolve(id + ".lock"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
