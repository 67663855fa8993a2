package io.modelgate.evaluation;

/**
 * A process's claim on a run, held while it runs it: a lock file with the files store, a lease renewed by a
 * heartbeat with the postgresql store. Closing it gives the run up.
 */
interface RunClaim extends AutoCloseable {

    /**
     * Why the run must stop asking although this process did not cancel it: its lease was lost to another replica,
     * or a cancel was asked through another replica; null while it may go on.
     */
    String stopReason();

    /**
     * Whether the store cannot be reached now (its last heartbeat failed): the run then pauses, asking nothing it
     * could not save, until the store answers again. Always false for the files store.
     */
    default boolean storeUnreachable() {
        return false;
    }

    /** Where the run stands, for whoever asks another process sharing the store (sent with the next heartbeat). */
    void report(RunProgress progress);

    /** Gives the run up, saving its last progress; a run given up can be claimed again at once. */
    @Override
    void close();

    /**
     * Whether {@link #handOver} leaves the run to another process sharing the store, to take over at once: true for a
     * postgresql lease; false for the files store, whose runs stay with their process (nobody else takes them over).
     */
    default boolean handsOver() {
        return false;
    }

    /**
     * Gives the run up as still running, for another replica to take over without waiting for the lease to expire
     * (this process shuts down gracefully). Where runs are not taken over it gives the run up as {@link #close} does.
     */
    default void handOver() {
        close();
    }
}
