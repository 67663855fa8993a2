package io.modelgate.evaluation;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The store behaviours against the files store, {@code results/}. */
class FileResultStoreTest extends ResultStoreContract {

    @TempDir
    Path results;

    @Override
    LedgerStore ledger() {
        return new LedgerFile(results);
    }

    @Override
    RunStore runs() {
        return new RunFiles(results);
    }
}
