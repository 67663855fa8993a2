package io.modelgate.web;

import io.modelgate.evaluation.ClassificationReport.ReliabilityBin;
import io.modelgate.evaluation.ExampleResult;
import io.modelgate.evaluation.Metric;
import io.modelgate.evaluation.MetricValue;
import io.modelgate.evaluation.RunRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The dashboard's charts of single answers: reliability diagrams and predicted against true values. */
final class DashboardCharts {

    private static final int SIZE = 340;
    private static final int MARGIN = 44;
    private static final String[] COLORS = {"#1f5fbf", "#d9480f", "#2b8a3e", "#862e9c", "#5c5f66"};

    private DashboardCharts() {
    }

    /** Every run with label probabilities (the trained model and the prompt, say) on one diagram; null when none has any. */
    static DashboardView.Reliability reliability(Map<RunRecord, List<ReliabilityBin>> runs, RunRecord selected) {
        if (runs.isEmpty()) {
            return null;
        }
        double plot = SIZE - 2 * MARGIN;
        int legendHeight = 18 * runs.size();
        int height = SIZE + legendHeight;
        List<DashboardView.Series> series = new ArrayList<>();
        int index = 0;
        for (Map.Entry<RunRecord, List<ReliabilityBin>> entry : runs.entrySet()) {
            RunRecord run = entry.getKey();
            String color = COLORS[index % COLORS.length];
            int total = entry.getValue().stream().mapToInt(ReliabilityBin::n).sum();
            StringBuilder line = new StringBuilder();
            List<DashboardView.Point> points = new ArrayList<>();
            for (ReliabilityBin bin : entry.getValue()) {
                if (bin.n() == 0) {
                    continue;
                }
                double x = MARGIN + bin.meanConfidence() * plot;
                double y = SIZE - MARGIN - bin.accuracy() * plot;
                line.append(round(x)).append(',').append(round(y)).append(' ');
                double radius = 2.5 + 6 * Math.sqrt((double) bin.n() / Math.max(1, total));
                points.add(new DashboardView.Point(round(x), round(y), round(radius), 0, 0, "start", "",
                        String.format(Locale.ROOT, "%s, probability %.1f–%.1f: n=%d, mean probability %.3f, accuracy %.3f",
                                run.system(), bin.low(), bin.high(), bin.n(), bin.meanConfidence(), bin.accuracy())));
            }
            MetricValue ece = run.metric(Metric.ECE);
            String legend = run.system() + (ece == null ? "" : String.format(Locale.ROOT, " · ECE %.3f (%.3f–%.3f), n=%d",
                    ece.value(), ece.low(), ece.high(), ece.n()));
            series.add(new DashboardView.Series(run.system(), color, run == selected, line.toString().strip(), points,
                    new DashboardView.Label(MARGIN, SIZE + 4 + 18 * index, "start", legend)));
            index++;
        }
        List<DashboardView.Label> labels = new ArrayList<>();
        for (int i = 0; i <= 5; i++) {
            double v = i / 5.0;
            labels.add(new DashboardView.Label(round(MARGIN + v * plot), SIZE - MARGIN + 16, "middle", fmt(v)));
            labels.add(new DashboardView.Label(MARGIN - 6, round(SIZE - MARGIN - v * plot + 4), "end", fmt(v)));
        }
        labels.add(new DashboardView.Label(SIZE / 2.0, SIZE - 10, "middle", "probability of the answered label"));
        labels.add(new DashboardView.Label(MARGIN, MARGIN - 10, "start", "share right (diagonal: calibrated)"));
        return new DashboardView.Reliability(SIZE + 120, height, MARGIN, SIZE - MARGIN, SIZE - MARGIN, MARGIN, labels, series);
    }

    /** Up to 2,000 valid answers of a regression run, predicted against true; null when it has none. */
    static DashboardView.TruthScatter truthScatter(RunRecord run, List<ExampleResult> results) {
        List<double[]> values = new ArrayList<>();
        for (ExampleResult r : results) {
            if (!r.invalid() && r.predicted() != null) {
                try {
                    values.add(new double[]{Double.parseDouble(r.truth()), Double.parseDouble(r.predicted())});
                } catch (NumberFormatException e) {
                    // Not a number: not a regression answer, nothing to draw.
                }
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        double lo = values.stream().mapToDouble(v -> Math.min(v[0], v[1])).min().orElse(0);
        double hi = values.stream().mapToDouble(v -> Math.max(v[0], v[1])).max().orElse(1);
        if (!(hi - lo > 1e-12)) {
            lo -= 0.5;
            hi += 0.5;
        }
        double plot = SIZE - 2 * MARGIN;
        double fLo = lo;
        double span = hi - lo;
        int step = Math.max(1, values.size() / 2000);
        List<DashboardView.Point> points = new ArrayList<>();
        for (int i = 0; i < values.size(); i += step) {
            double[] v = values.get(i);
            points.add(new DashboardView.Point(round(MARGIN + (v[0] - fLo) / span * plot), round(SIZE - MARGIN - (v[1] - fLo) / span * plot),
                    2.5, 0, 0, "start", "", String.format(Locale.ROOT, "true %.4g, predicted %.4g", v[0], v[1])));
        }
        List<DashboardView.Label> labels = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            double v = lo + span * i / 4;
            labels.add(new DashboardView.Label(round(MARGIN + i / 4.0 * plot), SIZE - MARGIN + 16, "middle", String.format(Locale.ROOT, "%.3g", v)));
            labels.add(new DashboardView.Label(MARGIN - 6, round(SIZE - MARGIN - i / 4.0 * plot + 4), "end", String.format(Locale.ROOT, "%.3g", v)));
        }
        labels.add(new DashboardView.Label(SIZE / 2.0, SIZE - 10, "middle", "true value"));
        labels.add(new DashboardView.Label(MARGIN, MARGIN - 10, "start", "predicted (diagonal: exact)"));
        return new DashboardView.TruthScatter(run.system(), SIZE, SIZE, MARGIN, SIZE - MARGIN, SIZE - MARGIN, MARGIN,
                MARGIN, SIZE - MARGIN, SIZE - MARGIN, MARGIN, labels, points, values.size());
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
