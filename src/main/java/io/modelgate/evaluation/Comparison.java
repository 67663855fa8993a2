package io.modelgate.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Two runs on the same test set, example by example.
 *
 * @param metric      accuracy (classification) or RMSE (regression)
 * @param difference  that metric of A minus that of B, with its paired-bootstrap 95% interval
 * @param test        how {@code pValue} was computed: the exact McNemar test (classification) or the
 *                    paired bootstrap of the difference (regression)
 * @param aOnlyRight  classification: examples A got right and B did not (McNemar's b)
 * @param bOnlyRight  classification: examples B got right and A did not (McNemar's c)
 * @param disagreements the examples on which the two answered differently
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Comparison(String systemA, String runA, String systemB, String runB, Metric metric, int n,
                         MetricValue difference, double pValue, String test, Integer aOnlyRight, Integer bOnlyRight,
                         List<Disagreement> disagreements) {

    /** One example on which the two systems disagree; an invalid answer shows as {@code null}. */
    public record Disagreement(String id, String truth, String a, String b) {
    }
}
