package io.modelgate.evaluation;

import org.hipparchus.stat.ranking.NaNStrategy;
import org.hipparchus.stat.ranking.NaturalRanking;
import org.hipparchus.stat.ranking.TiesStrategy;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of a classifier's label probabilities, over examples given as indices (so that the bootstrap can
 * resample them): expected calibration error, multi-class Brier score, log loss and macro one-vs-rest ROC AUC.
 *
 * <p>{@code probabilities[i]} are example i's probabilities in label order, normalised to sum to 1;
 * {@code truth[i]} its true label's index and {@code predicted[i]} the index of the label the system answered.
 * Only examples with probabilities are given: an invalid answer has none and is left out, so {@code n} says
 * how many examples the metrics stand on.
 */
final class ProbabilisticMetrics {

    /** Equal-width bins of the predicted label's probability: [0, 0.1), [0.1, 0.2), …, [0.9, 1]. */
    static final int BINS = 10;
    /** Probabilities are clipped here before the logarithm, as scikit-learn's {@code log_loss} does. */
    static final double EPSILON = 1e-15;

    private final int[] truth;
    private final int[] predicted;
    private final double[][] probabilities;
    private final int classes;

    ProbabilisticMetrics(int[] truth, int[] predicted, double[][] probabilities, int classes) {
        this.truth = truth;
        this.predicted = predicted;
        this.probabilities = probabilities;
        this.classes = classes;
    }

    /** The predicted label's probability: how sure the system was of its answer. */
    double confidence(int i) {
        return probabilities[i][predicted[i]];
    }

    static int bin(double confidence) {
        return Math.max(0, Math.min(BINS - 1, (int) Math.floor(confidence * BINS)));
    }

    /** Σ over bins of (bin's share of examples) × |accuracy in bin − mean confidence in bin|. */
    double ece(int[] sample) {
        ConfidenceBins bins = bins(sample);
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (bins.counts[b] > 0) {
                ece += Math.abs(bins.right[b] - bins.confidence[b]) / sample.length;
            }
        }
        return ece;
    }

    List<ClassificationReport.ReliabilityBin> reliability(int[] sample) {
        ConfidenceBins sums = bins(sample);
        double[] confidence = sums.confidence;
        double[] right = sums.right;
        int[] counts = sums.counts;
        List<ClassificationReport.ReliabilityBin> bins = new ArrayList<>(BINS);
        for (int b = 0; b < BINS; b++) {
            bins.add(new ClassificationReport.ReliabilityBin(b / (double) BINS, (b + 1) / (double) BINS, counts[b],
                    counts[b] == 0 ? null : confidence[b] / counts[b], counts[b] == 0 ? null : right[b] / counts[b]));
        }
        return bins;
    }

    /** Per confidence bin: the sum of the predicted label's probability, the right answers, and the examples. */
    private record ConfidenceBins(double[] confidence, double[] right, int[] counts) {
    }

    private ConfidenceBins bins(int[] sample) {
        ConfidenceBins bins = new ConfidenceBins(new double[BINS], new double[BINS], new int[BINS]);
        for (int i : sample) {
            int b = bin(confidence(i));
            bins.confidence[b] += confidence(i);
            bins.right[b] += truth[i] == predicted[i] ? 1 : 0;
            bins.counts[b]++;
        }
        return bins;
    }

    /** Mean over examples of Σ_k (p_k − y_k)², y the one-hot truth: 0 is perfect, 2 the worst. */
    double brier(int[] sample) {
        double sum = 0;
        for (int i : sample) {
            for (int k = 0; k < classes; k++) {
                double d = probabilities[i][k] - (truth[i] == k ? 1 : 0);
                sum += d * d;
            }
        }
        return sum / sample.length;
    }

    /** Mean of −ln p(true label), the probability clipped at {@value #EPSILON}; natural log, so in nats. */
    double logLoss(int[] sample) {
        double sum = 0;
        for (int i : sample) {
            sum -= Math.log(Math.max(EPSILON, probabilities[i][truth[i]]));
        }
        return sum / sample.length;
    }

    /**
     * The mean over {@code included} classes of the one-vs-rest ROC AUC, each the Mann–Whitney statistic of the
     * class's probability (ties count one half). A class without positives or negatives in the sample has no AUC
     * and is left out of the mean; NaN when none is left.
     */
    double macroAuc(int[] sample, List<Integer> included) {
        double sum = 0;
        int counted = 0;
        double[] scores = new double[sample.length];
        NaturalRanking ranking = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE);
        for (int c : included) {
            int positives = 0;
            for (int j = 0; j < sample.length; j++) {
                scores[j] = probabilities[sample[j]][c];
                positives += truth[sample[j]] == c ? 1 : 0;
            }
            int negatives = sample.length - positives;
            if (positives == 0 || negatives == 0) {
                continue;
            }
            double[] ranks = ranking.rank(scores);
            double rankSum = 0;
            for (int j = 0; j < sample.length; j++) {
                if (truth[sample[j]] == c) {
                    rankSum += ranks[j];
                }
            }
            sum += (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /** The classes that have both positives and negatives among all examples: those with an AUC. */
    List<Integer> classesWithAuc() {
        int[] positives = new int[classes];
        for (int t : truth) {
            positives[t]++;
        }
        List<Integer> included = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            if (positives[c] > 0 && positives[c] < truth.length) {
                included.add(c);
            }
        }
        return included;
    }
}
