package io.modelgate.evaluation;

/**
 * Where a run stands: sent as server-sent events and drawn as the CLI's progress bar.
 *
 * @param status {@code running}, {@code complete}, {@code cancelled} or {@code failed}
 * @param error  why a run failed
 */
public record RunProgress(String runId, String system, String testSet, int done, int total, int invalid,
                          String status, String error) {

    public boolean finished() {
        return !"running".equals(status);
    }
}
