package io.modelgate.tasks;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.modelgate.config.Yaml;
import io.modelgate.data.DataSetManifest;
import io.modelgate.data.DataSets;
import io.modelgate.data.Sha256;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The tasks in the tasks folder, read once, with every test and training file checked against its
 * sha256. A task whose task.yaml cannot be read is listed with the reason.
 */
@ApplicationScoped
public class TaskRepository {

    private static final Logger LOG = Logger.getLogger(TaskRepository.class);

    private final Map<String, LoadedTask> tasks;

    /** A task as read: its definition (absent when task.yaml is unreadable), folder, and files' checks. */
    public record LoadedTask(String name, Optional<Task> task, Path dir, List<FileCheck> files, String problem) {
    }

    /** Whether a test or training file is there and matches its checksum; {@code problem} says why not. */
    public record FileCheck(DataSetFile file, boolean testSet, boolean verified, String problem) {
    }

    private final DataSets dataSets;
    private final Map<String, ExampleSetReader> readers;

    /** The tasks of the configured folder, with every {@link ExampleSetReader} bean for the formats they read. */
    @Inject
    public TaskRepository(TasksConfig config, DataSets dataSets, Instance<ExampleSetReader> readers) {
        this(config, dataSets, readers.stream().toList());
    }

    /** The tasks of the folder, with the given readers of further test-set formats. */
    public TaskRepository(TasksConfig config, DataSets dataSets, List<ExampleSetReader> readers) {
        this.dataSets = dataSets;
        this.readers = new TreeMap<>();
        readers.forEach(reader -> this.readers.put(reader.format(), reader));
        this.tasks = load(config.dir());
    }

    /** The tasks of the folder, reading only the formats of this package (rows, image archives). */
    public TaskRepository(TasksConfig config, DataSets dataSets) {
        this(config, dataSets, List.of());
    }

    public List<LoadedTask> all() {
        return List.copyOf(tasks.values());
    }

    public LoadedTask get(String name) {
        LoadedTask task = tasks.get(name);
        if (task == null) {
            throw new NotFoundException("unknown task '" + name + "'; known tasks: " + tasks.keySet());
        }
        return task;
    }

    /**
     * The examples of one of a task's test or training files, read only after its checksum matched.
     *
     * @throws NotFoundException  for an unknown task or file name
     * @throws NotReadyException  for a file that is missing, changed or unreadable
     */
    public List<Example> examples(String taskName, String fileName) {
        LoadedTask loaded = get(taskName);
        Task task = loaded.task().orElseThrow(() -> new NotReadyException("task '" + taskName + "': " + loaded.problem()));
        FileCheck check = loaded.files().stream().filter(c -> c.file().name().equals(fileName)).findFirst()
                .orElseThrow(() -> new NotFoundException("task '" + taskName + "' has no test or training set '" + fileName
                        + "'; it has " + loaded.files().stream().map(c -> c.file().name()).toList()));
        if (!check.verified()) {
            throw new NotReadyException("task '" + taskName + "': " + fileName + " is refused: " + check.problem());
        }
        try {
            ExampleSetReader reader = check.file().fromSource() ? readers.get(check.file().format()) : null;
            if (reader != null) {
                return reader.read(task, dataSets.resolve(check.file().source()), loaded.dir().resolve(check.file().file()));
            }
            if (check.file().imageArchive()) {
                DataSetFile set = check.file();
                return ExampleReader.readImageArchive(task, dataSets.resolve(set.source()),
                        set.file() == null ? null : ExampleReader.readList(loaded.dir().resolve(set.file())));
            }
            if (check.file().fromSource()) {
                DataSetFile set = check.file();
                return ExampleReader.readSource(task, dataSets.resolve(set.source()), set,
                        set.file() == null ? null : ExampleReader.readList(loaded.dir().resolve(set.file())));
            }
            return ExampleReader.read(task, loaded.dir().resolve(check.file().file()));
        } catch (IOException e) {
            throw new NotReadyException("task '" + taskName + "': " + fileName + " cannot be read: " + e.getMessage());
        }
    }

    /** The task's definition, if a task of that name exists and its task.yaml was read. */
    public Optional<Task> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(tasks.get(name)).flatMap(LoadedTask::task);
    }

    private Map<String, LoadedTask> load(Path root) {
        Map<String, LoadedTask> loaded = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            LOG.warnf("the tasks folder %s is not a folder; no tasks are defined", root.toAbsolutePath());
            return loaded;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(Task.FILE_NAME))).sorted().toList()) {
                LoadedTask task = read(dir);
                loaded.put(task.name(), task);
            }
        } catch (IOException e) {
            LOG.errorf("cannot list the tasks folder %s: %s", root, e.getMessage());
        }
        return loaded;
    }

    private LoadedTask read(Path dir) {
        String folderName = dir.getFileName().toString();
        Path file = dir.resolve(Task.FILE_NAME);
        Task task;
        try {
            task = Yaml.MAPPER.readValue(file.toFile(), Task.class);
        } catch (JsonMappingException e) {
            return failed(folderName, dir, file + " is invalid: " + e.getOriginalMessage() + " (at " + e.getPathReference() + ")");
        } catch (IOException e) {
            return failed(folderName, dir, file + " cannot be read: " + e.getMessage());
        }
        if (task == null || !folderName.equals(task.name())) {
            return failed(folderName, dir, file + " must name the task '" + folderName + "' after its folder");
        }
        java.util.Set<String> metrics = task.type() == Task.Type.CLASSIFICATION
                ? java.util.Set.of("accuracy", "macro_f1") : java.util.Set.of("rmse", "mae", "r2");
        if (task.primaryMetric() != null && !metrics.contains(task.primaryMetric())) {
            return failed(folderName, dir, file + ": primary-metric '" + task.primaryMetric() + "' is not one of "
                    + new java.util.TreeSet<>(metrics));
        }
        if (task.naiveBaseline() != null) {
            String field = task.naiveBaseline().field();
            if (task.input(field).filter(input -> input.type() == TaskInput.Type.NUMBER).isEmpty()) {
                return failed(folderName, dir, file + ": naive-baseline field '" + field + "' is not a number field of the task");
            }
        }
        List<FileCheck> checks = new ArrayList<>();
        task.testSets().forEach(set -> checks.add(checkSet(dir, set, true)));
        task.trainingSets().forEach(set -> checks.add(checkSet(dir, set, false)));
        checks.stream().filter(c -> !c.verified()).forEach(c ->
                LOG.errorf("task %s: %s %s is refused: %s", task.name(), c.testSet() ? "test set" : "training set",
                        c.file().name(), c.problem()));
        return new LoadedTask(task.name(), Optional.of(task), dir, checks, null);
    }

    private FileCheck checkSet(Path dir, DataSetFile set, boolean testSet) {
        if (!set.fromSource()) {
            return check(dir, set, testSet);
        }
        if (set.format().equals(DataSetFile.ROWS) && set.file() == null) {
            return checkSource(dataSets, set, testSet);
        }
        ExampleSetReader reader = readers.get(set.format());
        if (!set.format().equals(DataSetFile.ROWS) && !set.format().equals(DataSetFile.IMAGE_ARCHIVE) && reader == null) {
            List<String> formats = new ArrayList<>(List.of(DataSetFile.ROWS, DataSetFile.IMAGE_ARCHIVE));
            formats.addAll(readers.keySet());
            return new FileCheck(set, testSet, false, "format '" + set.format() + "' is not one of " + formats);
        }
        if (reader != null && set.file() == null) {
            return new FileCheck(set, testSet, false, "a " + set.format() + " set needs 'file': " + reader.fileDescription());
        }
        if (manifestEntry(dataSets, set).isEmpty()) {
            return new FileCheck(set, testSet, false, "source '" + set.source() + "' is not in the data-set manifest");
        }
        // With a list of rows, images or pairs the checksum is the list's (the source is checked by the manifest);
        // without one it is the archive's.
        return set.file() != null ? check(dir, set, testSet) : checkSource(dataSets, set, testSet);
    }

    private static Optional<DataSetManifest.Entry> manifestEntry(DataSets dataSets, DataSetFile set) {
        return dataSets.entries().stream().filter(e -> e.name().equals(set.source())).findFirst();
    }

    private static FileCheck check(Path dir, DataSetFile set, boolean testSet) {
        if (set.file() == null || set.sha256() == null) {
            return new FileCheck(set, testSet, false, "it needs both 'file' and 'sha256'");
        }
        Path path = dir.resolve(set.file()).normalize();
        if (!path.startsWith(dir) || !Files.isRegularFile(path)) {
            return new FileCheck(set, testSet, false, "the file " + path + " is missing");
        }
        try {
            String actual = Sha256.of(path);
            return actual.equalsIgnoreCase(set.sha256())
                    ? new FileCheck(set, testSet, true, null)
                    : new FileCheck(set, testSet, false, "the file " + path + " has sha256 " + actual
                    + " but task.yaml expects " + set.sha256());
        } catch (IOException e) {
            return new FileCheck(set, testSet, false, "the file " + path + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * A set drawn from a public data-set file: checked against the manifest now if the file is already
     * here; a missing one is fetched (and checked) on first use, not while the service starts.
     */
    private static FileCheck checkSource(DataSets dataSets, DataSetFile set, boolean testSet) {
        boolean rows = set.format().equals(DataSetFile.ROWS);
        if (set.sha256() == null || rows && (set.idColumn() == null || set.from() == null || set.to() == null)) {
            return new FileCheck(set, testSet, false, rows
                    ? "a set drawn from a source needs 'sha256', 'id-column', 'from' and 'to'"
                    : "an image archive set needs 'sha256' (of the archive, or of the list in 'file')");
        }
        Optional<DataSetManifest.Entry> entry = manifestEntry(dataSets, set);
        if (entry.isEmpty()) {
            return new FileCheck(set, testSet, false, "source '" + set.source() + "' is not in the data-set manifest");
        }
        if (!entry.get().sha256().equalsIgnoreCase(set.sha256())) {
            return new FileCheck(set, testSet, false, "task.yaml expects source '" + set.source() + "' with sha256 "
                    + set.sha256() + " but the data-set manifest names " + entry.get().sha256());
        }
        return new FileCheck(set, testSet, true, null);
    }

    private static LoadedTask failed(String name, Path dir, String problem) {
        LOG.errorf("task %s cannot be used: %s", name, problem);
        return new LoadedTask(name, Optional.empty(), dir, List.of(), problem);
    }
}
