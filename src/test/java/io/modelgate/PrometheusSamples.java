package io.modelgate;

import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.get;

/** The samples of {@code /q/metrics}, for tests that check how a series moved. */
public final class PrometheusSamples {

    private PrometheusSamples() {
    }

    /** Every sample of {@code /q/metrics}, by its series exactly as written (name and labels). */
    public static Map<String, Double> scrape() {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.isBlank() || line.startsWith("#") || space < 0) {
                continue;
            }
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    /** How much a series grew; a series that did not exist before counts from 0. It must exist after. */
    public static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        Double now = after.get(series);
        if (now == null) {
            throw new AssertionError("no series " + series + " in /q/metrics; series of that name: "
                    + after.keySet().stream().filter(s -> s.startsWith(series.substring(0, series.indexOf('{')))).toList());
        }
        return now - before.getOrDefault(series, 0.0);
    }
}
