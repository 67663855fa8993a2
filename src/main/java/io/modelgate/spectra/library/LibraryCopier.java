package io.modelgate.spectra.library;

import io.modelgate.config.StoreCopier;
import io.modelgate.config.StoreKind;
import io.modelgate.spectra.SpectraConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The spectral libraries' part of {@code store copy}: every library of one store that the other lacks, one at a
 * time (a library may be large), its embeddings byte for byte; one whose name the target has is kept as it is.
 */
@ApplicationScoped
public class LibraryCopier implements StoreCopier {

    private final SpectraConfig config;
    private final Instance<DataSource> database;

    public LibraryCopier(SpectraConfig config, Instance<DataSource> database) {
        this.config = config;
        this.database = database;
    }

    /** What a copy of the libraries did. */
    public record Copied(int libraries, int librariesThere) {
    }

    @Override
    public String copy(Side from, Side to) {
        if (from.kind() == StoreKind.FILES && to.kind() == StoreKind.FILES && dir(from).equals(dir(to))) {
            return "spectral libraries not copied: both stores use the folder " + dir(from);
        }
        Copied copied = copy(store(from), store(to));
        return "copied " + copied.libraries() + " spectral libraries; " + copied.librariesThere() + " were there already";
    }

    /** Copies every library {@code from} holds and {@code to} lacks. */
    public static Copied copy(LibraryStore from, LibraryStore to) {
        Set<String> there = to.versions().keySet();
        int copied = 0;
        int kept = 0;
        for (String name : new TreeSet<>(from.versions().keySet())) {
            if (there.contains(name)) {
                kept++;
                continue;
            }
            Optional<LibraryStore.StoredLibrary> library = from.read(name);
            if (library.isEmpty()) {
                throw new IllegalStateException("library '" + name + "' in " + from.describe() + " cannot be read; see the log");
            }
            to.save(library.get());
            copied++;
        }
        return new Copied(copied, kept);
    }

    private Path dir(Side side) {
        return side.librariesDir().orElseGet(() -> config.librariesDir()).toAbsolutePath().normalize();
    }

    private LibraryStore store(Side side) {
        return side.kind() == StoreKind.FILES ? LibraryStore.files(dir(side)) : LibraryStore.postgresql(database.get());
    }
}
