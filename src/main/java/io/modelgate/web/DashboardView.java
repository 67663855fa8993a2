package io.modelgate.web;

import java.util.List;

/**
 * Everything the dashboard page shows, laid out for the template: the SVG coordinates are computed
 * here so that the template only places them.
 */
public record DashboardView(List<TaskOption> tasks, String task, String testSet, List<SystemOption> systems,
                            List<LeaderboardRow> leaderboard, Scatter scatter, Heatmap heatmap, Disagreements disagreements) {

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
