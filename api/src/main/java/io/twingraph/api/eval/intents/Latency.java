package io.twingraph.api.eval.intents;

import java.util.Arrays;

/**
 * Percentiles of request times in milliseconds (nearest rank). The benchmarks' {@code Percentiles} is private to
 * their package and takes nanoseconds; this is the same rule on milliseconds.
 */
record Latency(int count, double p50, double p90, double p99, double max) {

    static Latency of(double[] millis) {
        if (millis.length == 0) {
            return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Latency(sorted.length, at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double at(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    @Override
    public String toString() {
        return count == 0 ? "no samples" : String.format(java.util.Locale.ROOT,
                "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)", p50, p90, p99, max, count);
    }
}
