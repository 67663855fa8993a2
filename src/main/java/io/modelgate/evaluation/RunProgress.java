package io.modelgate.evaluation;

/**
 * Where a run stands: sent as server-sent events and drawn as the CLI's progress bar.
 *
 * @param done   examples answered (an invalid answer is an answer)
 * @param status {@code running}, {@code complete}, {@code incomplete}, {@code cancelled} or {@code failed}
 * @param error  why a run failed, or why it is incomplete
 * @param failed examples the system could not answer (see {@link ExampleResult#failed()})
 */
public record RunProgress(String runId, String system, String testSet, int done, int total, int invalid,
                          String status, String error, int failed) {

    public RunProgress(String runId, String system, String testSet, int done, int total, int invalid, String status,
                       String error) {
        this(runId, system, testSet, done, total, invalid, status, error, 0);
    }

    public boolean finished() {
        return !"running".equals(status);
    }
}
