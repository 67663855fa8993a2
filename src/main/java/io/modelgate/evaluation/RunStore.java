package io.modelgate.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs: each one's spec and its per-example answers, appended as they arrive, so that a run that stopped
 * (cancelled, killed, an outage) is resumed from what it saved. Kept in files ({@link RunFiles}) or in PostgreSQL
 * ({@link PostgresRuns}), chosen by {@code modelgate.store}; the executor, planner and reports use only this.
 */
interface RunStore {

    /** Saves a run's spec, replacing the one saved under its id (a resumed run may bring a new comment). */
    void create(RunSpec spec);

    Optional<RunSpec> spec(String id);

    /** Specs of every run, newest first. */
    List<RunSpec> specs();

    /** Every answer of a run in the order it was appended; an example asked again appears twice. */
    List<ExampleResult> results(String id);

    /** Appends answers to a run in one go, in order (used by the store copy; a run writes through {@link #answers}). */
    void append(String id, List<ExampleResult> results);

    /**
     * Where a sitting of a run writes its answers as they arrive; the store decides how they are batched (the files
     * store writes each line at once, the postgresql store gathers a few into one insert). Closing it saves the rest.
     */
    AnswerLog answers(String id);

    /**
     * Claims the run for this process, so that two processes sharing a store (two replicas, a server and the CLI)
     * never run the same run at once; empty when another process or thread holds it. Claiming is atomic: of two
     * processes that try at once, one gets it. Closing the claim gives the run up.
     */
    Optional<RunClaim> claim(String id);

    /**
     * Asks whichever process runs the run to stop (it sees the request within a heartbeat); false when no process
     * sharing the store runs it. The files store has no other process to ask: always false.
     */
    boolean requestCancel(String id);

    /** Where a run stands as its owner last reported it (its final state once given up); empty when never reported. */
    Optional<RunProgress> progress(String id);

    /**
     * Runs that are running by their row but whose owner stopped renewing its claim (killed, or cut off from the
     * store): the ones to take over, oldest first. Always empty for the files store, whose runs stay with their process.
     */
    List<RunSpec> abandoned();

    /** Forgets a run: its spec and its answers (a run started over). */
    void delete(String id);

    /**
     * The newest answer to each example by id, in the order the examples were first asked: an example asked again
     * after a failure has two answers, and the later one counts.
     */
    default Map<String, ExampleResult> newest(String id) {
        Map<String, ExampleResult> newest = new LinkedHashMap<>();
        results(id).forEach(r -> newest.put(r.id(), r));
        return newest;
    }

    /** The newest answer to each example, without the examples the system failed on: what scores stand on. */
    default List<ExampleResult> answered(String id) {
        return newest(id).values().stream().filter(r -> !r.failed()).toList();
    }

    /** A run's answers on their way to the store; safe to use from several batch threads at once. */
    interface AnswerLog extends AutoCloseable {

        void add(ExampleResult result);

        /** Saves every answer added so far. */
        @Override
        void close();
    }
}
