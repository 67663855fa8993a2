package io.modelgate.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * What a run is asked to do; kept beside its per-example file so that a run that was killed can be
 * found and resumed.
 *
 * @param testSetSha256 the checksum of the test file the run started on; a resumed run must see the same
 */
public record RunSpec(String id, String task, String testSet, String testSetSha256, String system, String comment,
                      Instant startedAt) {

    /** The run file keeps name and checksum apart (its format predates this type); here they travel as one. */
    @JsonIgnore
    public TestSetRef testSetRef() {
        return new TestSetRef(testSet, testSetSha256);
    }
}
