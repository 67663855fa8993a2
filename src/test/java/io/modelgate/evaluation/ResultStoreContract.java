package io.modelgate.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every behaviour of the ledger and run stores, run against each store by a subclass ({@link FileResultStoreTest},
 * {@link PostgresResultStoreTest}): whatever a store is, the same rows and answers come back.
 */
abstract class ResultStoreContract {

    @TempDir
    Path reference;

    /** A fresh, empty ledger of the store under test. */
    abstract LedgerStore ledger();

    /** A fresh, empty run store of the store under test. */
    abstract RunStore runs();

    static RunRecord fullRow(String id, Instant finished) {
        Map<String, MetricValue> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", new MetricValue(0.9855072463768116, 0.9565217391304348, 1.0, 69));
        metrics.put("macro_f1", new MetricValue(0.98, 0.95, 1.0, 69));
        metrics.put("ece", new MetricValue(Double.NaN, Double.NaN, Double.NaN, 0));
        return new RunRecord(id, "penguins-zero-shot@default", "prompt", "prompt v2, temperature 0 | \"quoted\"", "penguins",
                TestSetRef.parse("penguins-test@78856df72b90ffd7969ddd935813419bdbe871de8c73548cdca09194aa369950"), "2",
                "ab12cd", "accuracy", metrics, 69, 3, 1.25, 2.5, 3.75, 55.5, 4830, 138, 0.000123456789, "ed28d85",
                Instant.parse("2026-11-26T12:00:00.123456789Z"), finished, "a comment, with a comma\nand a line",
                RunRecord.INCOMPLETE, 2, "2 of 69 examples failed");
    }

    static RunRecord sparseRow(String id) {
        return new RunRecord(id, "penguins-mlp", "onnx", null, "penguins", TestSetRef.parse("penguins-test"), null, null,
                "accuracy", Map.of("accuracy", new MetricValue(1.0, 1.0, 1.0, 1)), 1, 0, 0, 0, 0, 0, 0, 0, null, "unknown",
                null, Instant.parse("2026-11-26T12:01:00Z"), null, null);
    }

    static ExampleResult answer(String id, int i) {
        return new ExampleResult(id, "Adelie", i % 3 == 0 ? null : "Gentoo", i % 3 == 0, 1.5 + i, 70 + i, 2, i % 2 == 0 ? null : 1e-5 * i,
                "raw answer " + i + " with ünïcode", null, i % 2 == 0 ? null : Map.of("Adelie", 0.25, "Gentoo", 0.75));
    }

    static ExampleResult failure(String id) {
        return new ExampleResult(id, "Adelie", null, false, 12.0, 0, 0, null, null, "HTTP 502: LLM 'default' failed");
    }

    @Test
    void ledgerRowsComeBackWithEveryFieldInTheOrderTheyWereAppended() {
        LedgerStore ledger = ledger();
        List<RunRecord> rows = List.of(fullRow("r1", Instant.parse("2026-11-26T12:05:00.987654321Z")), sparseRow("r2"),
                fullRow("r3", Instant.parse("2026-11-26T12:06:00Z")));
        rows.forEach(ledger::append);
        List<RunRecord> read = ledger.rows();
        assertEquals(rows.size(), read.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i), read.get(i), "row " + i);
            assertEquals(List.copyOf(rows.get(i).metrics().keySet()), List.copyOf(read.get(i).metrics().keySet()),
                    "metrics keep their order");
        }
    }

    @Test
    void theLatestRowOfARunResumedToCompletionReplacesItsIncompleteOne() {
        LedgerStore ledger = ledger();
        RunRecord incomplete = fullRow("r1", Instant.parse("2026-11-26T12:05:00Z"));
        ledger.append(incomplete);
        ledger.append(sparseRow("r2"));
        RunRecord complete = new RunRecord("r1", "s", "prompt", "d", "penguins", incomplete.testSet(), null, null, "accuracy",
                incomplete.metrics(), 69, 0, 1, 2, 3, 4, 0, 0, null, "c", null, Instant.parse("2026-11-26T12:09:00Z"), null,
                RunRecord.COMPLETE);
        ledger.append(complete);
        assertEquals(3, ledger.rows().size());
        assertEquals(List.of(sparseRow("r2"), complete), ledger.latest());
    }

    @Test
    void aRunsSpecIsSavedReplacedListedNewestFirstAndDeleted() {
        RunStore runs = runs();
        RunSpec older = new RunSpec("20261126-120000-aaaa", "penguins", "penguins-test", "ab", "penguins-mlp", null,
                Instant.parse("2026-11-26T12:00:00.000000001Z"));
        RunSpec newer = new RunSpec("20261126-130000-bbbb", "penguins", "penguins-test", null, "x@default", "first",
                Instant.parse("2026-11-26T13:00:00Z"));
        runs.create(older);
        runs.create(newer);
        assertEquals(Optional.of(older), runs.spec(older.id()));
        assertEquals(List.of(newer, older), runs.specs());
        RunSpec recommented = new RunSpec(newer.id(), newer.task(), newer.testSet(), newer.testSetSha256(), newer.system(),
                "resumed with a new comment", newer.startedAt());
        runs.create(recommented);
        assertEquals(Optional.of(recommented), runs.spec(newer.id()));
        runs.append(older.id(), List.of(answer("e1", 1)));
        runs.delete(older.id());
        assertEquals(Optional.empty(), runs.spec(older.id()));
        assertEquals(List.of(), runs.results(older.id()));
        assertEquals(List.of(recommented), runs.specs());
        assertEquals(Optional.empty(), runs.spec("no-such-run"));
    }

    @Test
    void aRunsMaxCostAndExampleTimeoutAreSavedWithItsSpec() {
        RunStore runs = runs();
        RunSpec limited = new RunSpec("20261126-120000-cccc", "penguins", "penguins-test", "ab", "x@default", null,
                Instant.parse("2026-11-26T12:00:00Z"), 0.25, 2.5);
        RunSpec unlimited = new RunSpec("20261126-120000-dddd", "penguins", "penguins-test", "ab", "x@default", null,
                Instant.parse("2026-11-26T12:00:01Z"));
        runs.create(limited);
        runs.create(unlimited);
        assertEquals(Optional.of(limited), runs.spec(limited.id()));
        assertEquals(Optional.of(unlimited), runs.spec(unlimited.id()), "no limits stay no limits, not 0");
    }

    @Test
    void answersAddedFromManyThreadsAreAllSavedWhenTheLogIsClosed() throws Exception {
        RunStore runs = runs();
        RunSpec spec = new RunSpec("run-1", "penguins", "penguins-test", "ab", "s", null, Instant.EPOCH);
        runs.create(spec);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (RunStore.AnswerLog log = runs.answers(spec.id())) {
            IntStream.range(0, 4).forEach(t -> pool.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    log.add(answer("t" + t + "-e" + i, i));
                }
            }));
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        List<ExampleResult> read = runs.results(spec.id());
        assertEquals(200, read.size());
        for (int t = 0; t < 4; t++) {
            String thread = "t" + t + "-";
            List<ExampleResult> own = read.stream().filter(r -> r.id().startsWith(thread)).toList();
            assertEquals(IntStream.range(0, 50).mapToObj(i -> answer(thread + "e" + i, i)).toList(), own,
                    "each thread's answers in the order it added them");
        }
    }

    @Test
    void answersAppendedInBatchesComeBackInOrderWithEveryField() {
        RunStore runs = runs();
        runs.create(new RunSpec("run-1", "penguins", "penguins-test", "ab", "s", null, Instant.EPOCH));
        List<ExampleResult> first = IntStream.range(0, 100).mapToObj(i -> answer("e" + i, i)).toList();
        List<ExampleResult> second = List.of(failure("e100"), answer("e101", 101));
        runs.append("run-1", first);
        try (RunStore.AnswerLog log = runs.answers("run-1")) {
            second.forEach(log::add);
        }
        List<ExampleResult> all = new ArrayList<>(first);
        all.addAll(second);
        assertEquals(all, runs.results("run-1"));
    }

    @Test
    void aResumedRunReadsItsSavedAnswersAndAsksAgainOnlyWhatFailed() {
        RunStore runs = runs();
        runs.create(new RunSpec("run-1", "penguins", "penguins-test", "ab", "s", null, Instant.EPOCH));
        runs.append("run-1", List.of(answer("e1", 1), failure("e2"), answer("e3", 3)));
        assertEquals(List.of("e1", "e3"), runs.answered("run-1").stream().map(ExampleResult::id).toList());
        runs.append("run-1", List.of(answer("e2", 2)));
        assertEquals(List.of("e1", "e2", "e3"), runs.answered("run-1").stream().map(ExampleResult::id).toList());
        assertEquals(answer("e2", 2), runs.newest("run-1").get("e2"), "the later answer counts");
        assertEquals(4, runs.results("run-1").size(), "the failed answer is kept");
    }

    @Test
    void aRunIsClaimedByOneHolderAtATime() {
        RunStore runs = runs();
        runs.create(new RunSpec("run-1", "penguins", "penguins-test", "ab", "s", null, Instant.EPOCH));
        RunClaim first = runs.claim("run-1").orElseThrow();
        assertEquals(Optional.empty(), runs.claim("run-1"), "a second holder is refused");
        first.close();
        runs.claim("run-1").orElseThrow().close();
    }

    @Test
    void exportsAreTheSameAsTheFilesStoresForTheSameRows() {
        LedgerStore ledger = ledger();
        LedgerStore files = new LedgerFile(reference);
        for (RunRecord row : List.of(fullRow("r1", Instant.parse("2026-11-26T12:05:00.5Z")), sparseRow("r2"))) {
            ledger.append(row);
            files.append(row);
        }
        assertEquals(LedgerExport.markdown(files.latest()), LedgerExport.markdown(ledger.latest()));
        assertEquals(LedgerExport.csv(files.latest()), LedgerExport.csv(ledger.latest()));
    }
}
