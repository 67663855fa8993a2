package io.modelgate.spectra.library;

import io.modelgate.errors.ApiException;
import io.modelgate.errors.InvalidInputException;
import io.modelgate.errors.NotFoundException;
import io.modelgate.config.StoreReady;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Pattern;

/**
 * The spectral libraries this process serves, in memory (searches never touch the store), read from the
 * {@link LibraryStore} at start (once the store is ready, see {@link StoreReady}) and written through to it: a library is saved in the store before it is served,
 * so a crash never leaves one served that a restart would not find.
 */
@ApplicationScoped
@Startup
public class Libraries {

    private static final Logger LOG = Logger.getLogger(Libraries.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final LibraryStore store;
    private final Map<String, SpectralLibrary> libraries = new ConcurrentSkipListMap<>();
    private volatile boolean read;

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

    /**
     * The libraries kept in {@code store}, read now; when the store cannot be read yet (the postgresql store's
     * database does not answer at start), read again once it is ready.
     */
    public Libraries(LibraryStore store) {
        this.store = store;
        try {
            readAll();
        } catch (RuntimeException e) {
            LOG.warnf("spectral libraries not read from %s yet, read once the store is ready: %s", store.describe(),
                    e.getMessage());
        }
    }

    void onStoreReady(@Observes StoreReady event) {
        if (!read) {
            readAll();
        }
    }

    private synchronized void readAll() {
        for (LibraryStore.StoredLibrary stored : store.readAll()) {
            libraries.put(stored.info().name(), inMemory(stored));
        }
        read = true;
        LOG.infof("%d spectral libraries read from %s", libraries.size(), store.describe());
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
     * Saves the library in the store, then serves it; one of the same name is replaced only when {@code replace}
     * (checked again here: another request may have saved that name since {@link #checkNew}).
     *
     * @param embeddings {@code count × dimension} floats as the model gave them (the store keeps these bytes)
     */
    public synchronized SpectralLibrary save(SpectralLibrary.Info info, float[] embeddings, List<SpectralLibrary.Entry> entries,
                                             boolean replace) {
        checkNew(info.name(), replace);
        LibraryStore.StoredLibrary stored = new LibraryStore.StoredLibrary(info, embeddings, entries);
        store.save(stored);
        SpectralLibrary library = inMemory(stored);
        libraries.put(info.name(), library);
        return library;
    }

    public synchronized void delete(String name) {
        get(name);
        store.delete(name);
        libraries.remove(name);
    }

    private static SpectralLibrary inMemory(LibraryStore.StoredLibrary stored) {
        SpectralLibrary.Info info = stored.info();
        float[] unit = stored.embeddings().clone();
        for (int row = 0; row < info.count(); row++) {
            SpectralLibrary.normalise(unit, row * info.dimension(), info.dimension());
        }
        return new SpectralLibrary(info, unit, stored.entries());
    }
}
