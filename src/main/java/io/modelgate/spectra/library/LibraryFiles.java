package io.modelgate.spectra.library;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
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
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The files store of spectral libraries, under {@code modelgate.spectra.libraries-dir}, one folder each:
 * {@code library.json} (what it is, which model version embedded it), {@code embeddings.f32} (count × dimension
 * little-endian floats, as the model gave them) and {@code spectra.jsonl} (what identifies each spectrum).
 * A library is written to a temporary folder and moved into place, so a crash leaves the old one or none,
 * never half of one; leftovers of such a crash are removed when the folder is read.
 */
final class LibraryFiles implements LibraryStore {

    private static final Logger LOG = Logger.getLogger(LibraryFiles.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final String INFO_FILE = "library.json";
    static final String EMBEDDINGS_FILE = "embeddings.f32";
    static final String SPECTRA_FILE = "spectra.jsonl";

    private final Path dir;

    LibraryFiles(Path dir) {
        this.dir = dir;
    }

    @Override
    public String describe() {
        return dir.toAbsolutePath().toString();
    }

    @Override
    public synchronized String save(StoredLibrary library) {
        SpectralLibrary.Info info = library.info();
        Path target = dir.resolve(info.name());
        Path temporary = dir.resolve("." + info.name() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(temporary);
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(temporary.resolve(EMBEDDINGS_FILE)))) {
                out.write(LibraryStore.littleEndian(library.embeddings()));
            }
            try (BufferedWriter out = Files.newBufferedWriter(temporary.resolve(SPECTRA_FILE))) {
                for (SpectralLibrary.Entry entry : library.entries()) {
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
            return version(target);
        } catch (IOException e) {
            deleteTree(temporary);
            throw new UncheckedIOException("library '" + info.name() + "' cannot be written to " + target, e);
        }
    }

    @Override
    public synchronized void delete(String name) {
        deleteTree(dir.resolve(name));
    }

    @Override
    public synchronized List<StoredLibrary> readAll() {
        List<StoredLibrary> libraries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return libraries;
        }
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted(Comparator.naturalOrder()).toList()) {
                String name = folder.getFileName().toString();
                if (name.startsWith(".")) {
                    deleteTree(folder); // left by a crash while a library was written or replaced
                    continue;
                }
                try {
                    libraries.add(read(folder));
                } catch (IOException | RuntimeException e) {
                    LOG.errorf("library %s in %s cannot be read and is not served: %s", name, folder, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.errorf("cannot list the libraries folder %s: %s", dir, e.getMessage());
        }
        return libraries;
    }

    @Override
    public synchronized Map<String, String> versions() {
        Map<String, String> versions = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return versions;
        }
        try (Stream<Path> folders = Files.list(dir)) {
            // Folders starting with '.' are being written, or were left by a crash: never a library.
            for (Path folder : folders.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                try {
                    versions.put(folder.getFileName().toString(), version(folder));
                } catch (IOException e) {
                    // deleted or replaced while listed: the next call sees what is there then
                }
            }
        } catch (IOException e) {
            LOG.errorf("cannot list the libraries folder %s: %s", dir, e.getMessage());
        }
        return versions;
    }

    @Override
    public synchronized Optional<StoredLibrary> read(String name) {
        Path folder = dir.resolve(name);
        if (name.startsWith(".") || !Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(folder));
        } catch (IOException | RuntimeException e) {
            LOG.errorf("library %s in %s cannot be read and is not served: %s", name, folder, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A library folder's version: which folder it is (every save writes a new one and moves it into place) and when
     * its {@code library.json} was written (a move keeps that time), so that a save within the clock's resolution of
     * the last one still differs.
     */
    private static String version(Path folder) throws IOException {
        Object folderKey = Files.readAttributes(folder, BasicFileAttributes.class).fileKey();
        return Files.getLastModifiedTime(folder.resolve(INFO_FILE)).toInstant() + " " + folderKey;
    }

    private static StoredLibrary read(Path folder) throws IOException {
        SpectralLibrary.Info info = JSON.readValue(folder.resolve(INFO_FILE).toFile(), SpectralLibrary.Info.class);
        long expectedBytes = 4L * info.count() * info.dimension();
        if (Files.size(folder.resolve(EMBEDDINGS_FILE)) != expectedBytes) {
            throw new IOException(EMBEDDINGS_FILE + " has " + Files.size(folder.resolve(EMBEDDINGS_FILE))
                    + " bytes, expected " + expectedBytes);
        }
        float[] embeddings;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(folder.resolve(EMBEDDINGS_FILE)))) {
            embeddings = LibraryStore.floats(in.readAllBytes());
        }
        List<SpectralLibrary.Entry> entries = new ArrayList<>(info.count());
        try (BufferedReader lines = Files.newBufferedReader(folder.resolve(SPECTRA_FILE))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                entries.add(JSON.readValue(line, SpectralLibrary.Entry.class));
            }
        }
        return new StoredLibrary(info, embeddings, entries);
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
