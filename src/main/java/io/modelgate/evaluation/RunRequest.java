package io.modelgate.evaluation;

/**
 * A request to evaluate a system on a test set.
 *
 * @param testSet   a test set of the task; its first one when absent
 * @param startOver ignore the results of an earlier, unfinished run of the same system on the same test set
 */
public record RunRequest(String task, String testSet, String system, String comment, Boolean startOver) {

    public boolean restart() {
        return startOver != null && startOver;
    }
}
