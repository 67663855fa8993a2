package io.modelgate.prompting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each label's probability from the top log-probabilities of an answer's first token, as lm-evaluation-harness
 * scores answer choices without parsing text. A candidate token counts for a label when, normalised (case,
 * accents, punctuation and leading space dropped), it begins the label ({@code Ade} of {@code Adelie}, as a
 * tokenizer splits it) or the label begins it followed by nothing but punctuation ({@code Adelie.}). A token that
 * begins several labels ({@code C} of {@code Chinstrap} and {@code Cat}) tells them apart no better than no
 * token does, so its mass goes to no label. The labels' probabilities are renormalised over the labels; what
 * went to no label (other tokens, and everything outside the top k) is reported.
 */
public final class LabelProbabilities {

    private LabelProbabilities() {
    }

    /** One candidate for the first token, with its natural-log probability. */
    public record Candidate(String token, double logprob) {
    }

    /**
     * @param scores      each label's probability, renormalised over the labels (sums to 1), in label order;
     *                    empty when no candidate named a label
     * @param noLabelMass the probability that went to no label, from 0 to 1
     */
    public record Result(Map<String, Double> scores, double noLabelMass) {

        /** The label with the highest probability (the first in label order on a tie), or null when none. */
        public String best() {
            String best = null;
            for (Map.Entry<String, Double> entry : scores.entrySet()) {
                if (best == null || entry.getValue() > scores.get(best)) {
                    best = entry.getKey();
                }
            }
            return best;
        }
    }

    public static Result of(List<String> labels, List<Candidate> candidates) {
        List<String> normalisedLabels = new ArrayList<>(labels.size());
        labels.forEach(label -> normalisedLabels.add(AnswerParser.normalise(label)));
        double[] mass = new double[labels.size()];
        double labelled = 0;
        for (Candidate candidate : candidates) {
            double p = Math.exp(candidate.logprob());
            if (!Double.isFinite(p) || p <= 0) {
                continue;
            }
            int label = labelOf(AnswerParser.normalise(candidate.token()), normalisedLabels);
            if (label >= 0) {
                mass[label] += p;
                labelled += p;
            }
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        if (labelled > 0) {
            for (int i = 0; i < labels.size(); i++) {
                scores.put(labels.get(i), mass[i] / labelled);
            }
        }
        return new Result(scores, Math.max(0, Math.min(1, 1 - labelled)));
    }

    /** The one label the token stands for, or -1 for none or several. */
    private static int labelOf(String token, List<String> labels) {
        if (token.isEmpty()) {
            return -1;
        }
        int found = -1;
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label.startsWith(token) || token.startsWith(label) && token.length() == label.length()) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }
}
