package io.quarkiverse.eventstream.test.metrics;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.OptionalDouble;

/**
 * One read of {@code /q/metrics} in the Prometheus text format.
 */
final class PrometheusScrape {

    private final List<String> lines;

    private PrometheusScrape(String text) {
        this.lines = text.lines().filter(line -> !line.startsWith("#")).toList();
    }

    static PrometheusScrape read() {
        return new PrometheusScrape(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /**
     * @param series a series as Prometheus writes it, e.g. {@code eventstream_streams_open{endpoint="built-in"}}
     * @return its value, or empty when the scrape has no such series
     */
    OptionalDouble value(String series) {
        for (String line : lines) {
            if (line.startsWith(series + " ")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(series.length() + 1).trim()));
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * @return the value of {@code series}; fails when it is missing
     */
    double get(String series) {
        return value(series).orElseThrow(() -> new AssertionError(series + " is not in the scrape: " + lines));
    }

    /**
     * @return the lines (without comments) whose name starts with {@code prefix}
     */
    List<String> seriesStartingWith(String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).toList();
    }
}
