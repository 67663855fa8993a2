package io.modelgate.evaluation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/** Where benchmark runs are kept, and how they are run and scored. */
@ConfigMapping(prefix = "modelgate.results")
public interface ResultsConfig {

    /** The folder of the ledger and the per-example files of every run ({@code MODELGATE_RESULTS_DIR}). */
    @WithDefault("results")
    Path dir();

    /** Instances sent to a system per request during a run. */
    @WithDefault("32")
    int batchSize();

    /** Requests in flight at once during a run (LLMs are bounded again by their own max-concurrency). */
    @WithDefault("4")
    int concurrency();

    /** Bootstrap resamples for every confidence interval and paired comparison. */
    @WithDefault("2000")
    int bootstrapResamples();

    /** The seed of the bootstrap, so that the same results always give the same intervals. */
    @WithDefault("42")
    long seed();

    /**
     * The share of a run's examples that may fail (the system threw: an LLM's 502 or 504 after its retries, a
     * model not ready, an instance the system refused, no answer within {@link #exampleTimeout()}) for the run
     * still to be complete; above it the run ends {@code incomplete}. Between 0 and 1.
     */
    @WithDefault("0.05")
    double maxFailedShare();

    /** How long one example may take before it counts as failed (not invalid) and the run goes on. */
    @WithDefault("120s")
    Duration exampleTimeout();
}
