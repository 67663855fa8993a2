package io.modelgate.systems;

/**
 * Where {@link TaskSystem#answerEach} hands each answer the moment it is known, and asks whether to go on.
 * Called from several threads at once.
 */
public interface AnswerSink {

    /** True once no further instance should be asked (a run cancelled, or at its cost limit); those in flight finish. */
    boolean stopped();

    /**
     * True once the run is cancelled: unlike a stop at the cost limit, the calls in flight are then aborted too
     * (their answers are not reported), so that a cancel ends a run at once even when an LLM hangs.
     */
    default boolean cancelled() {
        return false;
    }

    /** The system's answer to the instance at {@code index} of the batch (it may be an invalid answer). */
    void answered(int index, Prediction prediction);

    /**
     * The system could not answer the instance at {@code index}: the instance did not fit (4xx), or the
     * system failed (an LLM's 502 or 504 after its retries, a model not ready, no answer within the deadline).
     */
    void failed(int index, RuntimeException why);
}
