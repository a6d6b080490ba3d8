package io.twingraph.api.eval;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One NAB series in time order with its labelled windows. NAB does not score the first 15% of a series (its
 * "probationary" period, where a detector learns); neither does this evaluation.
 *
 * @param name    the file name without {@code .csv}
 * @param points  the readings, strictly increasing in time
 * @param windows the labelled anomaly windows
 * @param skipped rows dropped because their time was not after the previous row's (NAB's files repeat an hour once)
 */
record NabSeries(String name, List<Point> points, List<NabWindow> windows, int skipped) {
    /** NAB's probationary share of a series. */
    static final double PROBATION = 0.15;

    /** One row. */
    record Point(Instant time, double value) {
        Point {
            Objects.requireNonNull(time, "time");
        }
    }

    NabSeries {
        Objects.requireNonNull(name, "name");
        points = List.copyOf(points);
        windows = List.copyOf(windows);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("series " + name + " has no readings");
        }
    }

    /** Index of the first reading after the probationary period (as NAB: floor of 15% of the rows). */
    int probationEnd() {
        return (int) Math.floor(PROBATION * points.size());
    }

    /** The time scoring starts: detections before it are not counted, windows ending before it are not scored. */
    Instant scoredFrom() {
        return points.get(Math.min(probationEnd(), points.size() - 1)).time();
    }

    Instant last() {
        return points.get(points.size() - 1).time();
    }
}
