package io.modelgate.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * What a run is asked to do; kept beside its per-example file so that a run that was killed can be
 * found and resumed.
 *
 * @param testSetSha256   the checksum of the test file the run started on; a resumed run must see the same
 * @param maxCost         the run request's max_cost (US dollars); null when it had none. Kept so that a replica
 *                        that takes the run over spends no more than its starter was allowed to
 * @param exampleTimeoutS the run request's example_timeout_s; null when it had none (the configured default then)
 */
public record RunSpec(String id, String task, String testSet, String testSetSha256, String system, String comment,
                      Instant startedAt, Double maxCost, Double exampleTimeoutS) {

    /** A spec of a run asked with no limits of its own (and one read from a run file that predates them). */
    public RunSpec(String id, String task, String testSet, String testSetSha256, String system, String comment,
                   Instant startedAt) {
        this(id, task, testSet, testSetSha256, system, comment, startedAt, null, null);
    }

    /** The run file keeps name and checksum apart (its format predates this type); here they travel as one. */
    @JsonIgnore
    public TestSetRef testSetRef() {
        return new TestSetRef(testSet, testSetSha256);
    }
}
