package io.modelgate.evaluation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

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
}
