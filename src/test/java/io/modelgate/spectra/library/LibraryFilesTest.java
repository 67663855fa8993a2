package io.modelgate.spectra.library;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The library store behaviours against the files store's crash-safe folders. */
class LibraryFilesTest extends LibraryStoreContract {

    @TempDir
    Path dir;

    @Override
    LibraryStore store() {
        return new LibraryFiles(dir);
    }
}
