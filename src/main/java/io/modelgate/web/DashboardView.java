package io.modelgate.web;

import java.util.List;

/**
 * Everything the dashboard page shows, laid out for the template: the SVG coordinates are computed
 * here so that the template only places them.
 */
public record DashboardView(List<TaskOption> tasks, String task, String testSet, List<SystemOption> systems,
                            List<LeaderboardRow> leaderboard, Scatter scatter, Heatmap heatmap, Disagreements disagreements,
                            List<VerdictRow> verdicts, Reliability reliability, TruthScatter truthScatter,
                            List<TestSetRow> testSets) {

    public DashboardView(List<TaskOption> tasks, String task, String testSet, List<SystemOption> systems,
                         List<LeaderboardRow> leaderboard, Scatter scatter, Heatmap heatmap, Disagreements disagreements) {
        this(tasks, task, testSet, systems, leaderboard, scatter, heatmap, disagreements, List.of(), null, null, List.of());
    }

    public DashboardView withTestSets(List<TestSetRow> rows) {
        return new DashboardView(tasks, task, testSet, systems, leaderboard, scatter, heatmap, disagreements, verdicts,
                reliability, truthScatter, rows);
    }

    /**
     * One test set of the overview: its best trained model and best prompt ("system · metric value", a dash when
     * none ran), when it was last run, and whether it is the one shown.
     */
    public record TestSetRow(String task, String testSet, String bestModel, String bestPrompt, String lastRun,
                             boolean selected) {
    }

    /**
     * One trained model against one prompt: {@code headline} says which is better (or no significant difference),
     * {@code detail} by how much, how sure, at what cost and latency; {@code standIn} when the LLM was a stand-in.
     */
    public record VerdictRow(String headline, String detail, String cost, String latency, boolean standIn, String css) {
    }

    /**
     * Reliability diagrams overlaid: per run with label probabilities, accuracy against mean confidence in each of
     * the 10 bins of the ECE; the diagonal is perfect calibration.
     */
    public record Reliability(int width, int height, int axisLeft, int axisBottom, int axisRight, int axisTop,
                              List<Label> labels, List<Series> series) {
    }

    /** @param points a point per non-empty bin, its radius growing with the bin's n */
    public record Series(String system, String color, boolean selected, String polyline, List<Point> points, Label legend) {
    }

    /** A regression run's predicted values against the true ones; the diagonal is a perfect answer. */
    public record TruthScatter(String system, int width, int height, int axisLeft, int axisBottom, int axisRight, int axisTop,
                               double diagonalX1, double diagonalY1, double diagonalX2, double diagonalY2,
                               List<Label> labels, List<Point> points, int n) {
    }

    public record TaskOption(String name, String type, List<String> testSets, boolean selected) {
    }

    public record SystemOption(String name, String kind, boolean ready) {
    }

    /** One run of the leaderboard, best first. */
    public record LeaderboardRow(int rank, String runId, String system, String kind, String metric, String value, String interval,
                                 int n, int invalid, String latencyP50, String cost, String gitCommit, String finished,
                                 boolean selected) {
    }

    /** Primary metric against latency (log scale); each point's title also gives the cost. */
    /** @param baseline the task's naive baseline on the same scale, drawn as a line; null when there is none */
    public record Scatter(int width, int height, int axisLeft, int axisBottom, int axisRight, int axisTop,
                          List<Point> points, List<Label> labels, String yLabel, Label baseline) {
    }

    /** @param radius larger for a run that cost more (LLM runs with prices); 5 for free runs */
    public record Point(double x, double y, double radius, double labelX, double labelY, String labelAnchor, String label,
                        String title) {
    }

    /** A piece of text placed on a chart. */
    public record Label(double x, double y, String anchor, String text) {
    }

    /** A run's confusion matrix: rows true labels, columns predicted labels and, last, invalid answers. */
    public record Heatmap(String runId, String system, int width, int height, int cellSize, List<Label> labels,
                          List<Cell> cells) {
    }

    public record Cell(double x, double y, double textX, double textY, int count, String fill, String text) {
    }

    /** The examples on which the two best runs answered differently. */
    public record Disagreements(String systemA, String systemB, String pValue, List<Row> rows) {

        public record Row(String id, String truth, String a, String b) {
        }
    }
}
