package io.modelgate.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger: one row per finished run (complete or incomplete; a run resumed to completion has a second row),
 * only ever appended. Kept in files ({@link LedgerFile}) or in PostgreSQL ({@link PostgresLedger}), chosen by
 * {@code modelgate.store}; everything that reads or writes the ledger goes through this interface.
 */
interface LedgerStore {

    void append(RunRecord row);

    /** Every row, oldest first, exactly as appended. */
    List<RunRecord> rows();

    /**
     * The newest row of every run, in the order of those rows: a run that was incomplete and then resumed to
     * completion has two rows, and only its complete one counts.
     */
    default List<RunRecord> latest() {
        Map<String, RunRecord> newest = new LinkedHashMap<>();
        for (RunRecord row : rows()) {
            newest.remove(row.id());
            newest.put(row.id(), row);
        }
        return new ArrayList<>(newest.values());
    }
}
