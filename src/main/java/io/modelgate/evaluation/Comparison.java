package io.modelgate.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Two runs on the same test set, example by example, the examples taken in order of their id.
 *
 * @param metric        accuracy (classification) or RMSE (regression)
 * @param difference    that metric of A minus that of B, with its paired-bootstrap 95% interval
 * @param test          how {@code pValue} was computed: the exact McNemar test (classification) or the
 *                      paired bootstrap of the difference (regression)
 * @param aOnlyRight    classification: examples A got right and B did not (McNemar's b)
 * @param bOnlyRight    classification: examples B got right and A did not (McNemar's c)
 * @param disagreements the examples on which the two answered differently
 * @param midPValue     classification: the mid-p McNemar test (Fagerland et al. 2013)
 * @param pValueHolm    the p-value the verdict uses (mid-p for classification, the bootstrap's for regression),
 *                      Holm-adjusted over the {@code holmFamily} comparisons of the test set
 * @param holmFamily    how many comparisons the Holm adjustment is over (1: none)
 * @param discordantRate classification: the share of examples exactly one of the two got right
 * @param mdd           the minimum detectable difference at α 0.05 and power 0.8 for this n, in the metric's
 *                      unit; null when it cannot be estimated (no discordant examples)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Comparison(String systemA, String runA, String systemB, String runB, Metric metric, int n,
                         MetricValue difference, double pValue, String test, Integer aOnlyRight, Integer bOnlyRight,
                         List<Disagreement> disagreements, @JsonProperty("mid_p_value") Double midPValue, Double pValueHolm, Integer holmFamily,
                         Double discordantRate, Double mdd) {

    /** One example on which the two systems disagree; an invalid answer shows as {@code null}. */
    public record Disagreement(String id, String truth, String a, String b) {
    }

    /** The p-value that the Holm adjustment and the verdict use. */
    double decisive() {
        return midPValue != null ? midPValue : pValue;
    }

    Comparison withHolm(double adjusted, int family) {
        return new Comparison(systemA, runA, systemB, runB, metric, n, difference, pValue, test, aOnlyRight, bOnlyRight,
                disagreements, midPValue, adjusted, family, discordantRate, mdd);
    }
}
