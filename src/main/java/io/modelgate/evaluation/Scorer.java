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

    ClassificationReport classification(List<ExampleResult> results, List<String> labels) {
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
        return new ClassificationReport(accuracy, macroF1, invalid, perClass, labels, confusion);
    }

    /** @param baseline the naive baseline's answer per example id; empty when the task has none */
    RegressionReport regression(List<ExampleResult> results, Map<String, Double> baseline) {
        return regression(results, baseline, false);
    }

    /** With {@code binned}, also the RMSE per target bin of width 0.1 over [0, 1] (similarity tasks). */
    RegressionReport regression(List<ExampleResult> results, Map<String, Double> baseline, boolean binned) {
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
