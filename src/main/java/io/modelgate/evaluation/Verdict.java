package io.modelgate.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/**
 * The answer to "is my model better than asking an LLM?" for one trained model and one prompt on a test set:
 * which is better on the comparison's metric, by how much, how sure, and at what cost and speed.
 *
 * @param better        the better system, or null for no significant difference (Holm-adjusted p ≥ 0.05)
 * @param difference    the model's metric minus the prompt's, with its paired-bootstrap 95% interval
 * @param pValueHolm    the Holm-adjusted p-value of the comparison ({@code test} says which test), over
 *                      {@code holmFamily} comparisons
 * @param mdd           the minimum detectable difference of the comparison (α 0.05, power 0.8); null if unknown
 * @param modelCostPer1000  US dollars per 1,000 examples; null when the run has no prices (a local model)
 * @param promptCostPer1000 the same for the prompt
 * @param latencyRatio  the prompt's median latency per example divided by the model's
 * @param standIn       the prompt's run was against a stand-in LLM (its comment or description says so): its
 *                      numbers say nothing about a real LLM
 * @param summary       the verdict in one sentence, as the CLI prints it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verdict(String model, String modelRun, String prompt, String promptRun, Metric metric, int n, String better,
                      MetricValue difference, double pValueHolm, int holmFamily, String test, Double mdd,
                      @JsonProperty("model_cost_per_1000") Double modelCostPer1000,
                      @JsonProperty("prompt_cost_per_1000") Double promptCostPer1000, double latencyRatio, boolean standIn,
                      String summary) {

    /** The significance level of a verdict. */
    static final double ALPHA = PairedTests.ALPHA;

    static Verdict of(Comparison c, RunRecord a, RunRecord b) {
        boolean aIsModel = SystemKinds.isModel(a);
        RunRecord model = aIsModel ? a : b;
        RunRecord prompt = aIsModel ? b : a;
        // The comparison's difference is A − B; the verdict's is model − prompt.
        MetricValue d = c.difference();
        MetricValue difference = aIsModel ? d : new MetricValue(-d.value(), -d.high(), -d.low(), d.n());
        boolean significant = c.pValueHolm() != null && c.pValueHolm() < ALPHA;
        String better = !significant ? null
                : c.metric().signed(difference.value()) > 0 ? model.system() : prompt.system();
        double ratio = model.latencyP50Ms() > 0 ? prompt.latencyP50Ms() / model.latencyP50Ms() : Double.NaN;
        boolean standIn = mentionsStandIn(prompt.comment()) || mentionsStandIn(prompt.description());
        String test = c.midPValue() != null ? "mid-p McNemar" : c.test();
        int family = c.holmFamily() == null ? 1 : c.holmFamily();
        String head = better == null
                ? String.format(Locale.ROOT, "no significant difference between %s (model) and %s (prompt) on %s:",
                        model.system(), prompt.system(), c.metric())
                : String.format(Locale.ROOT, "%s is better than %s on %s by", better,
                        better.equals(model.system()) ? prompt.system() + " (prompt)" : model.system() + " (model)", c.metric());
        double shown = better == null || better.equals(model.system()) ? 1 : -1;
        String summary = String.format(Locale.ROOT, "%s %+.4f (95%% CI %+.4f to %+.4f, n=%d), Holm-adjusted %s p = %.3g (%d"
                        + " comparison%s); cost per 1,000"
                        + " examples: model %s, prompt %s; latency p50 prompt/model %s%s",
                head, shown * difference.value(), shown * (shown > 0 ? difference.low() : difference.high()),
                shown * (shown > 0 ? difference.high() : difference.low()), c.n(), test, c.pValueHolm(), family, family == 1 ? "" : "s",
                dollars(cost(model)), dollars(cost(prompt)),
                Double.isNaN(ratio) ? "unknown" : String.format(Locale.ROOT, "%.1f× (%.3f ms vs %.3f ms)",
                        ratio, prompt.latencyP50Ms(), model.latencyP50Ms()),
                standIn ? " [stand-in LLM: not a real LLM's numbers]" : "");
        return new Verdict(model.system(), model.id(), prompt.system(), prompt.id(), c.metric(), c.n(), better, difference,
                c.pValueHolm() == null ? c.decisive() : c.pValueHolm(), family, test,
                c.mdd(), cost(model), cost(prompt), ratio, standIn, summary);
    }

    private static Double cost(RunRecord run) {
        return run.cost() == null || run.n() == 0 ? null : run.cost() / run.n() * 1000;
    }

    private static String dollars(Double value) {
        return value == null ? "none (no prices)" : String.format(Locale.ROOT, "$%.4f", value);
    }

    static boolean mentionsStandIn(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).replace('_', '-').matches("(?s).*stand[- ]?in.*");
    }
}
