package io.modelgate.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scores a run's example results; every metric with its bootstrap interval and n. */
final class Scorer {

    private final Bootstrap bootstrap;

    Scorer(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * The examples in the one order every interval is computed in: by example id. The bootstrap draws indices, so
     * the order of the answers (that in which batches finished) would otherwise change the interval.
     */
    static List<ExampleResult> byId(List<ExampleResult> results) {
        List<ExampleResult> sorted = new ArrayList<>(results);
        sorted.sort(java.util.Comparator.comparing(ExampleResult::id));
        return sorted;
    }

    ClassificationReport classification(List<ExampleResult> unordered, List<String> labels) {
        List<ExampleResult> results = byId(unordered);
        int n = results.size();
        int[] truth = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            ExampleResult r = results.get(i);
            truth[i] = labels.indexOf(r.truth());
            predicted[i] = r.invalid() || r.predicted() == null ? labels.size() : labels.indexOf(r.predicted());
            if (predicted[i] < 0) {
                predicted[i] = labels.size();
            }
        }
        MetricValue accuracy = bootstrap.estimate(n, sample -> accuracy(sample, truth, predicted));
        MetricValue macroF1 = bootstrap.estimate(n, sample -> macroF1(sample, truth, predicted, labels.size()));
        MetricValue invalid = bootstrap.estimate(n, sample -> {
            double count = 0;
            for (int i : sample) {
                count += predicted[i] == labels.size() ? 1 : 0;
            }
            return count / sample.length;
        });
        int[][] confusion = new int[labels.size()][labels.size() + 1];
        for (int i = 0; i < n; i++) {
            if (truth[i] >= 0) {
                confusion[truth[i]][predicted[i]]++;
            }
        }
        Map<String, ClassificationReport.ClassScores> perClass = new LinkedHashMap<>();
        for (int c = 0; c < labels.size(); c++) {
            int tp = confusion[c][c];
            int support = 0;
            int predictedAsC = 0;
            for (int p = 0; p <= labels.size(); p++) {
                support += confusion[c][p];
            }
            for (int t = 0; t < labels.size(); t++) {
                predictedAsC += confusion[t][c];
            }
            double precision = predictedAsC == 0 ? 0 : (double) tp / predictedAsC;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.put(labels.get(c), new ClassificationReport.ClassScores(precision, recall, f1, support));
        }
        return new ClassificationReport(accuracy, macroF1, invalid, perClass, labels, confusion,
                probabilistic(results, labels));
    }

    /** The metrics of the label probabilities over the valid answers that have them; null when none has. */
    private ClassificationReport.Probabilistic probabilistic(List<ExampleResult> results, List<String> labels) {
        Scored scored = scored(results, labels);
        if (scored == null) {
            return null;
        }
        ProbabilisticMetrics metrics = scored.metrics();
        int m = scored.n();
        List<Integer> withAuc = metrics.classesWithAuc();
        List<String> aucLeftOut = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            if (!withAuc.contains(c)) {
                aucLeftOut.add(labels.get(c));
            }
        }
        int[] all = java.util.stream.IntStream.range(0, m).toArray();
        return new ClassificationReport.Probabilistic(m, results.size() - m, bootstrap.estimate(m, metrics::ece),
                bootstrap.estimate(m, metrics::brier), bootstrap.estimate(m, metrics::logLoss),
                withAuc.isEmpty() ? null : bootstrap.estimate(m, sample -> metrics.macroAuc(sample, withAuc)),
                aucLeftOut, metrics.reliability(all));
    }

    /** The reliability diagram's bins alone, without intervals (cheap: for the dashboard); null without scores. */
    static List<ClassificationReport.ReliabilityBin> reliability(List<ExampleResult> results, List<String> labels) {
        Scored scored = scored(byId(results), labels);
        return scored == null ? null : scored.metrics().reliability(java.util.stream.IntStream.range(0, scored.n()).toArray());
    }

    private record Scored(ProbabilisticMetrics metrics, int n) {
    }

    /**
     * The valid answers with probabilities, each normalised to sum to 1 over the task's labels (a label missing
     * from the map has 0). An invalid answer, one without scores, or one whose scores sum to 0 is left out.
     */
    private static Scored scored(List<ExampleResult> results, List<String> labels) {
        List<int[]> outcomes = new ArrayList<>();
        List<double[]> probabilities = new ArrayList<>();
        for (ExampleResult r : results) {
            int truth = labels.indexOf(r.truth());
            int predicted = r.predicted() == null ? -1 : labels.indexOf(r.predicted());
            if (r.invalid() || r.scores() == null || truth < 0 || predicted < 0) {
                continue;
            }
            double[] p = new double[labels.size()];
            double sum = 0;
            for (int k = 0; k < labels.size(); k++) {
                Double value = r.scores().get(labels.get(k));
                p[k] = value == null || !Double.isFinite(value) || value < 0 ? 0 : value;
                sum += p[k];
            }
            if (!(sum > 0)) {
                continue;
            }
            for (int k = 0; k < p.length; k++) {
                p[k] /= sum;
            }
            outcomes.add(new int[]{truth, predicted});
            probabilities.add(p);
        }
        if (outcomes.isEmpty()) {
            return null;
        }
        int[] truth = outcomes.stream().mapToInt(o -> o[0]).toArray();
        int[] predicted = outcomes.stream().mapToInt(o -> o[1]).toArray();
        return new Scored(new ProbabilisticMetrics(truth, predicted, probabilities.toArray(double[][]::new), labels.size()),
                outcomes.size());
    }

    /** @param baseline the naive baseline's answer per example id; empty when the task has none */
    RegressionReport regression(List<ExampleResult> results, Map<String, Double> baseline) {
        return regression(results, baseline, false);
    }

    /** With {@code binned}, also the RMSE per target bin of width 0.1 over [0, 1] (similarity tasks). */
    RegressionReport regression(List<ExampleResult> unordered, Map<String, Double> baseline, boolean binned) {
        List<ExampleResult> results = byId(unordered);
        List<double[]> valid = new ArrayList<>();
        for (ExampleResult r : results) {
            if (!r.invalid() && r.predicted() != null) {
                valid.add(new double[]{Double.parseDouble(r.truth()), Double.parseDouble(r.predicted()),
                        baseline.getOrDefault(r.id(), Double.NaN)});
            }
        }
        int m = valid.size();
        double[] truth = valid.stream().mapToDouble(v -> v[0]).toArray();
        double[] predicted = valid.stream().mapToDouble(v -> v[1]).toArray();
        double[] naive = valid.stream().mapToDouble(v -> v[2]).toArray();
        boolean hasBaseline = !baseline.isEmpty() && java.util.Arrays.stream(naive).noneMatch(Double::isNaN);
        MetricValue rmse = bootstrap.estimate(m, sample -> {
            double sum = 0;
            for (int i : sample) {
                sum += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
            }
            return Math.sqrt(sum / sample.length);
        });
        MetricValue mae = bootstrap.estimate(m, sample -> {
            double sum = 0;
            for (int i : sample) {
                sum += Math.abs(truth[i] - predicted[i]);
            }
            return sum / sample.length;
        });
        MetricValue r2 = bootstrap.estimate(m, sample -> {
            double mean = 0;
            for (int i : sample) {
                mean += truth[i];
            }
            mean /= sample.length;
            double residual = 0;
            double total = 0;
            for (int i : sample) {
                residual += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
                total += (truth[i] - mean) * (truth[i] - mean);
            }
            return total == 0 ? Double.NaN : 1 - residual / total;
        });
        int n = results.size();
        boolean[] invalid = new boolean[n];
        for (int i = 0; i < n; i++) {
            invalid[i] = results.get(i).invalid() || results.get(i).predicted() == null;
        }
        MetricValue invalidRate = bootstrap.estimate(n, sample -> {
            double count = 0;
            for (int i : sample) {
                count += invalid[i] ? 1 : 0;
            }
            return count / sample.length;
        });
        MetricValue baselineRmse = !hasBaseline ? null : bootstrap.estimate(m, sample -> {
            double sum = 0;
            for (int i : sample) {
                sum += (truth[i] - naive[i]) * (truth[i] - naive[i]);
            }
            return Math.sqrt(sum / sample.length);
        });
        MetricValue baselineMae = !hasBaseline ? null : bootstrap.estimate(m, sample -> {
            double sum = 0;
            for (int i : sample) {
                sum += Math.abs(truth[i] - naive[i]);
            }
            return sum / sample.length;
        });
        return new RegressionReport(rmse, mae, r2, invalidRate, baselineRmse, baselineMae,
                binned ? perBin(truth, predicted) : null);
    }

    /** Bins (−∞, 0.1], (0.1, 0.2], …, (0.9, ∞): a value goes to the first bin whose high edge k/10 it does not exceed. */
    static List<RegressionReport.BinError> perBin(double[] truth, double[] predicted) {
        int bins = 10;
        double[] squares = new double[bins];
        int[] counts = new int[bins];
        for (int i = 0; i < truth.length; i++) {
            int bin = bins - 1;
            for (int k = 1; k <= bins; k++) {
                if (truth[i] <= k / 10.0) {
                    bin = k - 1;
                    break;
                }
            }
            squares[bin] += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
            counts[bin]++;
        }
        List<RegressionReport.BinError> errors = new ArrayList<>(bins);
        for (int k = 0; k < bins; k++) {
            errors.add(new RegressionReport.BinError(k / 10.0, (k + 1) / 10.0, counts[k],
                    counts[k] == 0 ? null : Math.sqrt(squares[k] / counts[k])));
        }
        return errors;
    }

    private static double accuracy(int[] sample, int[] truth, int[] predicted) {
        double right = 0;
        for (int i : sample) {
            right += truth[i] == predicted[i] ? 1 : 0;
        }
        return right / sample.length;
    }

    private static double macroF1(int[] sample, int[] truth, int[] predicted, int classes) {
        int[] tp = new int[classes];
        int[] fp = new int[classes];
        int[] fn = new int[classes];
        for (int i : sample) {
            if (truth[i] < 0) {
                continue;
            }
            if (truth[i] == predicted[i]) {
                tp[truth[i]]++;
            } else {
                fn[truth[i]]++;
                if (predicted[i] < classes) {
                    fp[predicted[i]]++;
                }
            }
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (tp[c] + fn[c] + fp[c] == 0) {
                continue;
            }
            present++;
            sum += tp[c] == 0 ? 0 : 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
        }
        return present == 0 ? Double.NaN : sum / present;
    }
}
