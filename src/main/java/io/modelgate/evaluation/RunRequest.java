package io.modelgate.evaluation;

/**
 * A request to evaluate a system on a test set.
 *
 * @param testSet         a test set of the task; its first one when absent
 * @param startOver       ignore the results of an earlier, unfinished run of the same system on the same test set
 * @param maxCost         US dollars: the run stops, {@code incomplete}, once its answers of this sitting cost this
 *                        much (from the LLM's configured prices); none when absent
 * @param exampleTimeoutS seconds one example may take before it counts as failed; modelgate.results.example-timeout
 *                        when absent
 */
public record RunRequest(String task, String testSet, String system, String comment, Boolean startOver, Double maxCost,
                         Double exampleTimeoutS) {

    public RunRequest(String task, String testSet, String system, String comment, Boolean startOver) {
        this(task, testSet, system, comment, startOver, null, null);
    }

    public boolean restart() {
        return startOver != null && startOver;
    }
}
