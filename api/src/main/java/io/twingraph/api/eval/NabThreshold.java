package io.twingraph.api.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain detector the anomaly pack is measured against: a fixed band, mean +- k standard deviations of the
 * series' probationary period, learned once and never changed. It alerts when a reading leaves the band, at most
 * once per cooldown (the pack's own, so that both are counted the same way).
 *
 * @param k        width of the band in standard deviations
 * @param cooldown the least time between two alerts
 */
record NabThreshold(double k, Duration cooldown) {
    /** Three standard deviations (the usual control limit) and the anomaly pack's six-hour cooldown. */
    static final NabThreshold DEFAULT = new NabThreshold(3, Duration.ofHours(6));

    /** The band learned from a series' probationary period. */
    record Band(double low, double high) {
        boolean contains(double v) {
            return v >= low && v <= high;
        }
    }

    Band learn(NabSeries series) {
        int n = Math.max(1, series.probationEnd());
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += series.points().get(i).value();
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double d = series.points().get(i).value() - mean;
            squares += d * d;
        }
        double sd = Math.sqrt(squares / n);
        return new Band(mean - k * sd, mean + k * sd);
    }

    /** Alert times over the scored part of the series (the band does not exist before the probation ends). */
    List<Instant> detect(NabSeries series) {
        Band band = learn(series);
        List<Instant> alerts = new ArrayList<>();
        Instant last = null;
        for (int i = series.probationEnd(); i < series.points().size(); i++) {
            NabSeries.Point p = series.points().get(i);
            if (!band.contains(p.value()) && (last == null || !p.time().isBefore(last.plus(cooldown)))) {
                alerts.add(p.time());
                last = p.time();
            }
        }
        return alerts;
    }
}
