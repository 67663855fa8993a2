package io.modelgate.prompting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The vote of several samples (self-consistency): the majority label with each label's share of the valid
 * samples, or the mean of the valid values. Invalid samples do not vote; when none is valid the answer is invalid.
 *
 * @param label     the majority label (the first in label order on a tie), or null
 * @param value     the mean value, or null
 * @param shares    each label's share of the valid samples, in label order; null for regression or no valid sample
 * @param agreement the majority's share; for values the share within a tenth of the task's range of the mean
 *                  (a tenth of the mean's size when the task gives no range)
 */
record Votes(String label, Double value, Map<String, Double> shares, Double agreement) {

    static Votes ofLabels(List<String> labels, List<String> samples) {
        List<String> valid = samples.stream().filter(Objects::nonNull).toList();
        if (valid.isEmpty()) {
            return new Votes(null, null, null, null);
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        String best = null;
        for (String label : labels) {
            double share = valid.stream().filter(label::equals).count() / (double) valid.size();
            shares.put(label, share);
            if (best == null || share > shares.get(best)) {
                best = label;
            }
        }
        return new Votes(best, null, shares, shares.get(best));
    }

    static Votes ofValues(List<Double> samples, List<Double> range) {
        List<Double> valid = samples.stream().filter(Objects::nonNull).toList();
        if (valid.isEmpty()) {
            return new Votes(null, null, null, null);
        }
        double mean = valid.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double tolerance = range.size() == 2 ? (range.get(1) - range.get(0)) / 10 : Math.abs(mean) / 10;
        double near = valid.stream().filter(v -> Math.abs(v - mean) <= tolerance).count() / (double) valid.size();
        return new Votes(null, mean, null, near);
    }
}
