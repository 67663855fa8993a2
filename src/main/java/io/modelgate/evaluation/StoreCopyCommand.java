package io.modelgate.evaluation;

import io.modelgate.config.StoreCopier;
import io.modelgate.config.StoreCopier.Side;
import io.modelgate.config.StoreKind;
import io.modelgate.errors.ApiException;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code store copy --from files[:DIR]|postgresql --to files[:DIR]|postgresql}: copies every ledger row, every run
 * with all its answers and every spectral library from one store to the other, so that a course's {@code results/}
 * and {@code libraries/} folders move to a cluster (and back) without losing a row. What the target holds already is
 * kept and not copied twice (a run by its id, a ledger row when an equal row is there, a library by its name), so a
 * copy that stopped can simply be run again. Exit codes: 0 copied, 1 a store could not be read or written, 2 a usage
 * error.
 */
@ApplicationScoped
public class StoreCopyCommand {

    static final String USAGE = "usage: store copy --from STORE --to STORE\n"
            + "  STORE is files[:DIR] (a results folder; without DIR modelgate.results.dir) or postgresql"
            + " (quarkus.datasource.*)\n"
            + "  --from-libraries DIR, --to-libraries DIR: a files store's spectral libraries folder"
            + " (default modelgate.spectra.libraries-dir)\n"
            + "  e.g. store copy --from files:results --from-libraries libraries --to postgresql";
    private static final int CHUNK = 1000;

    private final ResultsConfig config;
    private final RunLeaseConfig lease;
    private final Instance<DataSource> database;
    private final List<StoreCopier> others;

    /** @param others what the other packages keep in a store (spectral libraries), copied after runs and the ledger */
    public StoreCopyCommand(ResultsConfig config, RunLeaseConfig lease, Instance<DataSource> database,
                            @All List<StoreCopier> others) {
        this.config = config;
        this.lease = lease;
        this.database = database;
        this.others = others;
    }

    /** What a copy did. */
    record Copied(int runs, long answers, int rows, int runsThere, int rowsThere) {
    }

    /** Whether these arguments name the postgresql store on either side, so that the datasource must be active. */
    public static boolean needsDatabase(String[] args) {
        return List.of(args).contains("postgresql");
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        Side from;
        Side to;
        try {
            if (args.length == 0 || !args[0].equals("copy")) {
                throw new IllegalArgumentException(args.length == 0 ? "store needs a subcommand" : "unknown subcommand '" + args[0] + "'");
            }
            from = side(option(args, "--from"), optionalOption(args, "--from-libraries"));
            to = side(option(args, "--to"), optionalOption(args, "--to-libraries"));
            if (from.kind() == to.kind() && Objects.equals(from.resultsDir(), to.resultsDir())) {
                throw new IllegalArgumentException("--from and --to name the same store (" + from + ")");
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            Copied copied = copy(ledger(from), runs(from), ledger(to), runs(to));
            out.printf("copied %d runs (%d answers) and %d ledger rows from %s to %s; %d runs and %d ledger rows were"
                    + " there already%n", copied.runs(), copied.answers(), copied.rows(), from, to, copied.runsThere(),
                    copied.rowsThere());
            for (StoreCopier other : others) {
                out.println(other.copy(from, to));
            }
            return 0;
        } catch (ApiException | UncheckedIOException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** Copies runs first, then the ledger, so that no ledger row ever points at a run the target lacks. */
    static Copied copy(LedgerStore fromLedger, RunStore fromRuns, LedgerStore toLedger, RunStore toRuns) {
        int runs = 0;
        int runsThere = 0;
        long answers = 0;
        List<RunSpec> specs = new ArrayList<>(fromRuns.specs());
        java.util.Collections.reverse(specs); // oldest first, as they were made
        for (RunSpec spec : specs) {
            if (toRuns.spec(spec.id()).isPresent()) {
                runsThere++;
                continue;
            }
            toRuns.create(spec);
            List<ExampleResult> results = fromRuns.results(spec.id());
            for (int from = 0; from < results.size(); from += CHUNK) {
                toRuns.append(spec.id(), results.subList(from, Math.min(results.size(), from + CHUNK)));
            }
            answers += results.size();
            runs++;
        }
        Set<RunRecord> there = new HashSet<>(toLedger.rows());
        int rows = 0;
        int rowsThere = 0;
        for (RunRecord row : fromLedger.rows()) {
            if (there.contains(row)) {
                rowsThere++;
            } else {
                toLedger.append(row);
                rows++;
            }
        }
        return new Copied(runs, answers, rows, runsThere, rowsThere);
    }

    private LedgerStore ledger(Side side) {
        return side.kind() == StoreKind.FILES ? new LedgerFile(side.resultsDir()) : new PostgresLedger(database.get());
    }

    private RunStore runs(Side side) {
        return side.kind() == StoreKind.FILES ? new RunFiles(side.resultsDir())
                : new PostgresRuns(database.get(), ResultStores.ANSWER_BATCH, ResultStores.ANSWER_FLUSH,
                        lease.heartbeat(), lease.expiry());
    }

    private Side side(String text, Optional<String> libraries) {
        if (text.equals("postgresql")) {
            if (libraries.isPresent()) {
                throw new IllegalArgumentException("a libraries folder is only for a files store, not postgresql");
            }
            return new Side(StoreKind.POSTGRESQL, null, Optional.empty());
        }
        if (text.equals("files")) {
            return new Side(StoreKind.FILES, config.dir(), libraries.map(Path::of));
        }
        if (text.startsWith("files:") && text.length() > "files:".length()) {
            return new Side(StoreKind.FILES, Path.of(text.substring("files:".length())), libraries.map(Path::of));
        }
        throw new IllegalArgumentException("'" + text + "' is not a store: files, files:DIR or postgresql");
    }

    private static Optional<String> optionalOption(String[] args, String name) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }

    private static String option(String[] args, String name) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException(name + " is required");
    }
}
