package io.twingraph.api.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * How a detector did on one series (or several, added up): labelled windows caught (a window with at least one
 * detection in it counts once), false alarms (detections outside every window) per day of scored data, and the delay
 * from a window's start to its first detection. Only what follows the probationary period is scored; windows that
 * end inside it are left out for every detector.
 *
 * @param windows     scored windows
 * @param caught      of them, with a detection inside
 * @param falseAlarms scored detections outside every window
 * @param days        scored days of data
 * @param delayHours  sum over the caught windows of the hours from window start to first detection
 */
record NabScore(int windows, int caught, int falseAlarms, double days, double delayHours) {
    static final NabScore NONE = new NabScore(0, 0, 0, 0, 0);

    /** Scores detection times against a series' windows. */
    static NabScore of(NabSeries series, Collection<Instant> detections) {
        Instant from = series.scoredFrom();
        List<Instant> scored = detections.stream().filter(t -> !t.isBefore(from)).sorted().toList();
        int windows = 0;
        int caught = 0;
        double delay = 0;
        for (NabWindow w : series.windows()) {
            if (w.end().isBefore(from)) {
                continue;
            }
            windows++;
            Instant first = scored.stream().filter(w::contains).findFirst().orElse(null);
            if (first != null) {
                caught++;
                delay += Duration.between(w.start(), first).toSeconds() / 3600.0;
            }
        }
        int falseAlarms = (int) scored.stream().filter(t -> series.windows().stream().noneMatch(w -> w.contains(t)))
                .count();
        double days = Duration.between(from, series.last()).toSeconds() / 86400.0;
        return new NabScore(windows, caught, falseAlarms, days, delay);
    }

    /** The first detection in each scored window, or null where there is none; in the order of the windows. */
    static List<Instant> firstInEachWindow(NabSeries series, Collection<Instant> detections) {
        Instant from = series.scoredFrom();
        List<Instant> scored = detections.stream().filter(t -> !t.isBefore(from)).sorted().toList();
        List<Instant> firsts = new java.util.ArrayList<>();
        for (NabWindow w : series.windows()) {
            if (!w.end().isBefore(from)) {
                firsts.add(scored.stream().filter(w::contains).findFirst().orElse(null));
            }
        }
        return firsts;
    }

    NabScore plus(NabScore other) {
        return new NabScore(windows + other.windows, caught + other.caught, falseAlarms + other.falseAlarms,
                days + other.days, delayHours + other.delayHours);
    }

    double falseAlarmsPerDay() {
        return days > 0 ? falseAlarms / days : 0;
    }

    /** Mean hours from window start to first detection over the caught windows; NaN when none was caught. */
    double meanDelayHours() {
        return caught > 0 ? delayHours / caught : Double.NaN;
    }
}
