package io.modelgate.serving;

import io.modelgate.errors.ApiException;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.errors.NotReadyException;
import io.modelgate.serving.ModelEntry.VersionSlot;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The models being served: a name, its versions and each version's state. The model folder is the
 * registry (Triton's model repository): it is scanned at start, on request and, when configured, on a
 * poll. A reload swaps versions in atomically; requests in flight keep the session they started with,
 * and a version that fails to reload keeps serving its old session. {@link RepositoryScheduler} runs the
 * scan at start and the poll.
 * <p>
 * One class past 300 lines on purpose: the entries, the fingerprints, the unloaded set and the per-name locks
 * change together under one locking rule, which a split would spread over several classes.
 */
@ApplicationScoped
public class ModelRepository {

    private static final Logger LOG = Logger.getLogger(ModelRepository.class);
    private static final int ACQUIRE_ATTEMPTS = 8;

    private final ModelRepositoryConfig config;
    private final ModelLoader loader;
    private final ServingMetrics metrics;
    private final Map<String, ModelEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, String> fingerprints = new ConcurrentHashMap<>();
    private final Set<String> unloaded = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private volatile boolean initialScanDone;

    public ModelRepository(ModelRepositoryConfig config, ModelLoader loader, ServingMetrics metrics) {
        this.config = config;
        this.loader = loader;
        this.metrics = metrics;
    }

    /** The scan at start: until it has finished, the repository is not ready. */
    void initialScan() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.error("scanning the model repository failed", e);
        } finally {
            initialScanDone = true;
        }
    }

    /** Closes every session; for the service's shutdown. */
    void close() {
        entries.values().forEach(entry -> entry.models().forEach(OnnxModel::retire));
        entries.clear();
    }

    /** Whether every model that should serve does (strict) or every model has been tried (not strict). */
    public boolean ready() {
        if (!initialScanDone) {
            return false;
        }
        if (!config.strictReadiness()) {
            return true;
        }
        return entries.values().stream().filter(entry -> !unloaded.contains(entry.name())).allMatch(ModelEntry::allReady);
    }

    /**
     * Brings the served models in line with the folder: loads new and changed models, drops those whose
     * folder is gone. A model unloaded on request stays unloaded until its files change.
     */
    public synchronized void scan() {
        Set<String> present = new HashSet<>();
        for (Path dir : modelFolders()) {
            String name = dir.getFileName().toString();
            present.add(name);
            String fingerprint = ModelFolder.fingerprint(dir);
            boolean changed = !fingerprint.equals(fingerprints.get(name));
            if (!entries.containsKey(name) && !unloaded.contains(name) || changed) {
                unloaded.remove(name);
                load(name);
            }
        }
        for (String name : new ArrayList<>(entries.keySet())) {
            if (!present.contains(name)) {
                synchronized (lock(name)) {
                    LOG.infof("model %s: its folder is gone, unloading it", name);
                    remove(name);
                }
            }
        }
    }

    /**
     * Loads or reloads every version of a model from its folder. Returns the reasons of the versions
     * that failed (empty when all loaded); a version that fails keeps serving what it served before.
     */
    public List<String> load(String name) {
        checkName(name);
        synchronized (lock(name)) {
            Path dir = config.dir().resolve(name);
            if (!Files.isDirectory(dir)) {
                remove(name);
                throw new NotFoundException("failed to load '" + name + "': no folder " + dir + " in the model repository");
            }
            unloaded.remove(name);
            String fingerprint = ModelFolder.fingerprint(dir);
            ModelEntry old = entries.get(name);
            List<ModelFolder.VersionSource> sources;
            try {
                sources = ModelFolder.versions(dir);
            } catch (ModelLoadException e) {
                LOG.errorf("model %s cannot be loaded: %s", name, e.getMessage());
                if (old == null || old.newestReady().isEmpty()) {
                    replace(name, new ModelEntry(name, Map.of(), e.getMessage()));
                }
                fingerprints.put(name, fingerprint);
                return List.of(e.getMessage());
            }
            Map<Long, VersionSlot> next = new TreeMap<>();
            List<String> failures = new ArrayList<>();
            for (ModelFolder.VersionSource source : sources) {
                VersionSlot previous = old == null ? null : old.versions().get(source.version());
                if (previous == null) {
                    publishLoading(name, source.version());
                }
                next.put(source.version(), loadVersion(name, source, previous, failures));
            }
            replace(name, new ModelEntry(name, next, null));
            fingerprints.put(name, fingerprint);
            return failures;
        }
    }

    /** Stops serving every version of a model until it is loaded again or its files change. */
    public void unload(String name) {
        checkName(name);
        synchronized (lock(name)) {
            ModelEntry old = entries.get(name);
            if (old == null) {
                throw new NotFoundException("failed to unload '" + name + "': no such model in the repository");
            }
            Map<Long, VersionSlot> versions = new TreeMap<>();
            old.versions().keySet().forEach(v -> versions.put(v, new VersionSlot(v, VersionState.UNAVAILABLE, "unloaded", null)));
            replace(name, new ModelEntry(name, versions, "unloaded"));
            unloaded.add(name);
            LOG.infof("model %s unloaded", name);
        }
    }

    /** The folder a model is read from. */
    public Path folder(String name) {
        return config.dir().resolve(name);
    }

    /** Whether a model of this name is in the repository, ready or not. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Holds a ready version for one request: the given one, or the newest ready one. */
    public ModelLease acquire(String name, OptionalLong version) {
        for (int attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
            VersionSlot slot = readySlot(name, version);
            if (slot.model().tryAcquire()) {
                return new ModelLease(slot.model());
            }
            // The slot was retired between lookup and acquire: a reload just swapped it; look again.
        }
        throw new NotReadyException("model '" + name + "' is being reloaded; try again");
    }

    /**
     * Whether a request for the given version (or the newest ready one) may run on the I/O thread that received it
     * (see {@link OnnxModel#answersInline}); false for anything unknown or not ready, whose answer is left to the
     * usual path.
     */
    public boolean answersInline(String name, OptionalLong version, long limitNanos) {
        try {
            return readySlot(name, version).model().answersInline(limitNanos);
        } catch (ApiException e) {
            return false;
        }
    }

    /** Every model version with its state, sorted by name and version. */
    public List<ModelVersionStatus> index() {
        return entries.values().stream().sorted(Comparator.comparing(ModelEntry::name))
                .flatMap(entry -> entry.statuses(false).stream())
                .toList();
    }

    /** The versions of one model, newest first. */
    public List<ModelVersionStatus> versions(String name) {
        return entry(name).statuses(true);
    }

    /** The given version of a model, or its default one: the newest ready version, else the newest. */
    public ModelVersionStatus version(String name, OptionalLong version) {
        ModelEntry entry = entry(name);
        if (version.isPresent()) {
            VersionSlot slot = entry.versions().get(version.getAsLong());
            if (slot == null) {
                throw unknownVersion(name, version.getAsLong());
            }
            return slot.status(name);
        }
        return versions(name).stream().filter(ModelVersionStatus::ready).findFirst()
                .orElseGet(() -> versions(name).get(0));
    }

    private VersionSlot readySlot(String name, OptionalLong version) {
        ModelEntry entry = entry(name);
        if (version.isPresent()) {
            VersionSlot slot = entry.versions().get(version.getAsLong());
            if (slot == null) {
                throw unknownVersion(name, version.getAsLong());
            }
            if (slot.state() != VersionState.READY) {
                throw new NotReadyException("model '" + name + "' version " + slot.version() + " is not ready ("
                        + slot.state() + (slot.reason() == null ? "" : ": " + slot.reason()) + ")");
            }
            return slot;
        }
        return entry.newestReady().orElseThrow(() -> new NotReadyException("model '" + name
                + "' has no ready version" + (entry.whyNotReady().isEmpty() ? "" : ": " + entry.whyNotReady())));
    }

    private ModelEntry entry(String name) {
        ModelEntry entry = entries.get(name);
        if (entry == null) {
            throw new NotFoundException("Request for unknown model: '" + name + "' is not found");
        }
        return entry;
    }

    private static NotFoundException unknownVersion(String name, long version) {
        return new NotFoundException("Request for unknown model: '" + name + "' version " + version + " is not found");
    }

    private VersionSlot loadVersion(String name, ModelFolder.VersionSource source, VersionSlot previous,
                                    List<String> failures) {
        long started = System.nanoTime();
        try {
            OnnxModel model = loader.load(source.config(), source.onnxFile());
            LOG.infof("model %s version %d ready on %s in %d ms", name, source.version(),
                    model.metadata().executionProvider(), (System.nanoTime() - started) / 1_000_000);
            metrics.versionLoaded(this, model.metadata());
            return new VersionSlot(source.version(), VersionState.READY, null, model);
        } catch (ModelLoadException e) {
            String reason = e.getMessage();
            failures.add("version " + source.version() + ": " + reason);
            if (previous != null && previous.state() == VersionState.READY) {
                LOG.errorf("model %s version %d failed to reload, the loaded one keeps serving: %s", name,
                        source.version(), reason);
                return new VersionSlot(previous.version(), VersionState.READY,
                        "the last reload failed, the version loaded before serves on: " + reason, previous.model());
            }
            LOG.errorf("model %s version %d failed to load: %s", name, source.version(), reason);
            return new VersionSlot(source.version(), VersionState.UNAVAILABLE, reason, null);
        }
    }

    /** Shows a version that is being loaded for the first time as LOADING in the index. */
    private void publishLoading(String name, long version) {
        ModelEntry current = entries.get(name);
        Map<Long, VersionSlot> versions = new TreeMap<>(current == null ? Map.of() : current.versions());
        versions.put(version, new VersionSlot(version, VersionState.LOADING, null, null));
        entries.put(name, new ModelEntry(name, versions, null));
    }

    /** Swaps a model's entry and retires the sessions the new entry no longer uses. */
    private void replace(String name, ModelEntry next) {
        ModelEntry old = entries.put(name, next);
        if (old != null) {
            Set<OnnxModel> kept = next.models();
            old.models().stream().filter(model -> !kept.contains(model)).forEach(OnnxModel::retire);
        }
    }

    private void remove(String name) {
        ModelEntry old = entries.remove(name);
        fingerprints.remove(name);
        unloaded.remove(name);
        if (old != null) {
            old.models().forEach(OnnxModel::retire);
        }
    }

    void pollQuietly() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.error("polling the model repository failed", e);
        }
    }

    private List<Path> modelFolders() {
        Path root = config.dir();
        if (!Files.isDirectory(root)) {
            LOG.warnf("the model repository %s is not a folder; no models are served", root.toAbsolutePath());
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(ModelFolder::isModelFolder).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkName(String name) {
        if (!ModelFolder.NAME.matcher(name).matches()) {
            throw new InvalidInputException("'" + name + "' is not a model name: expected letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit, at most 128 characters");
        }
    }

    private Object lock(String name) {
        return locks.computeIfAbsent(name, key -> new Object());
    }

    /** Whether a version is loaded and ready now; for the metrics gauge. */
    boolean isReady(String name, long version) {
        ModelEntry entry = entries.get(name);
        VersionSlot slot = entry == null ? null : entry.versions().get(version);
        return slot != null && slot.state() == VersionState.READY;
    }
}
