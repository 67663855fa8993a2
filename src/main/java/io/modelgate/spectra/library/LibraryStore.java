package io.modelgate.spectra.library;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.modelgate.errors.ApiException;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.spectra.SpectraConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Spectral libraries kept on disk under {@code modelgate.spectra.libraries-dir}, one folder each:
 * {@code library.json} (what it is, which model version embedded it), {@code embeddings.f32} (count × dimension
 * little-endian floats, as the model gave them) and {@code spectra.jsonl} (what identifies each spectrum).
 * A library is written to a temporary folder and moved into place, so a crash leaves the old one or none,
 * never half of one; the libraries on disk are read at start.
 */
@ApplicationScoped
@Startup
public class LibraryStore {

    private static final Logger LOG = Logger.getLogger(LibraryStore.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final String INFO_FILE = "library.json";
    static final String EMBEDDINGS_FILE = "embeddings.f32";
    static final String SPECTRA_FILE = "spectra.jsonl";

    private final Path dir;
    private final Map<String, SpectralLibrary> libraries = new ConcurrentSkipListMap<>();

    /** A library of that name exists already. */
    static final class LibraryExistsException extends ApiException {
        LibraryExistsException(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 409;
        }
    }

    @Inject
    public LibraryStore(SpectraConfig config) {
        this(config.librariesDir());
    }

    /** The libraries kept in {@code dir}, read now. */
    LibraryStore(Path dir) {
        this.dir = dir;
        readAll();
    }

    public List<SpectralLibrary.Info> list() {
        return libraries.values().stream().map(SpectralLibrary::info).toList();
    }

    public SpectralLibrary get(String name) {
        SpectralLibrary library = libraries.get(name);
        if (library == null) {
            throw new NotFoundException("unknown library '" + name + "'; libraries: " + libraries.keySet());
        }
        return library;
    }

    /** Checks a new library's name before any work is done for it. */
    public void checkNew(String name, boolean replace) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("library name '" + name + "' must be 1–128 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        if (!replace && libraries.containsKey(name)) {
            throw new LibraryExistsException("library '" + name + "' exists; delete it first or add ?replace=true");
        }
    }

    /**
     * Writes the library to disk, then serves it; one of the same name is replaced only when {@code replace}
     * (checked again here: another request may have saved that name since {@link #checkNew}).
     */
    public synchronized SpectralLibrary save(SpectralLibrary.Info info, float[] embeddings, List<SpectralLibrary.Entry> entries,
                                             boolean replace) {
        checkNew(info.name(), replace);
        Path target = dir.resolve(info.name());
        Path temporary = dir.resolve("." + info.name() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(temporary);
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(temporary.resolve(EMBEDDINGS_FILE)))) {
                ByteBuffer bytes = ByteBuffer.allocate(4 * embeddings.length).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(embeddings);
                out.write(bytes.array());
            }
            try (BufferedWriter out = Files.newBufferedWriter(temporary.resolve(SPECTRA_FILE))) {
                for (SpectralLibrary.Entry entry : entries) {
                    out.write(JSON.writeValueAsString(entry));
                    out.write('\n');
                }
            }
            JSON.writeValue(temporary.resolve(INFO_FILE).toFile(), info);
            Path old = null;
            if (Files.exists(target)) {
                old = dir.resolve("." + info.name() + ".old-" + UUID.randomUUID());
                move(target, old);
            }
            move(temporary, target);
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            deleteTree(temporary);
            throw new UncheckedIOException("library '" + info.name() + "' cannot be written to " + target, e);
        }
        SpectralLibrary library = inMemory(info, embeddings, entries);
        libraries.put(info.name(), library);
        return library;
    }

    public synchronized void delete(String name) {
        get(name);
        libraries.remove(name);
        deleteTree(dir.resolve(name));
    }

    private void readAll() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted(Comparator.naturalOrder()).toList()) {
                String name = folder.getFileName().toString();
                if (name.startsWith(".")) {
                    deleteTree(folder); // left by a crash while a library was written or replaced
                    continue;
                }
                try {
                    libraries.put(name, read(folder));
                } catch (IOException | RuntimeException e) {
                    LOG.errorf("library %s in %s cannot be read and is not served: %s", name, folder, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.errorf("cannot list the libraries folder %s: %s", dir, e.getMessage());
        }
        LOG.infof("%d spectral libraries read from %s", libraries.size(), dir.toAbsolutePath());
    }

    private static SpectralLibrary read(Path folder) throws IOException {
        SpectralLibrary.Info info = JSON.readValue(folder.resolve(INFO_FILE).toFile(), SpectralLibrary.Info.class);
        long expectedBytes = 4L * info.count() * info.dimension();
        if (Files.size(folder.resolve(EMBEDDINGS_FILE)) != expectedBytes) {
            throw new IOException(EMBEDDINGS_FILE + " has " + Files.size(folder.resolve(EMBEDDINGS_FILE))
                    + " bytes, expected " + expectedBytes);
        }
        float[] embeddings = new float[info.count() * info.dimension()];
        try (DataInputStream in = new DataInputStream(Files.newInputStream(folder.resolve(EMBEDDINGS_FILE)))) {
            byte[] bytes = in.readAllBytes();
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(embeddings);
        }
        List<SpectralLibrary.Entry> entries = new ArrayList<>(info.count());
        try (BufferedReader lines = Files.newBufferedReader(folder.resolve(SPECTRA_FILE))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                entries.add(JSON.readValue(line, SpectralLibrary.Entry.class));
            }
        }
        return inMemory(info, embeddings, entries);
    }

    private static SpectralLibrary inMemory(SpectralLibrary.Info info, float[] embeddings, List<SpectralLibrary.Entry> entries) {
        float[] unit = embeddings.clone();
        for (int row = 0; row < info.count(); row++) {
            SpectralLibrary.normalise(unit, row * info.dimension(), info.dimension());
        }
        return new SpectralLibrary(info, unit, entries);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", root, e.getMessage());
        }
    }
}
