package io.modelgate.evaluation;

/** A CDI event: a run finished and its row is in the ledger. The executor fires it; it does not know who listens. */
public record RunCompleted(RunRecord row) {
}
