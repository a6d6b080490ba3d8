package io.twingraph.api.bench;

import java.util.Arrays;

/** Percentiles of a sample of durations in nanoseconds, reported in milliseconds. */
record Percentiles(int count, double p50, double p90, double p99, double max) {

    static Percentiles of(long[] nanos) {
        if (nanos.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, ms(at(sorted, 0.50)), ms(at(sorted, 0.90)), ms(at(sorted, 0.99)),
                ms(sorted[sorted.length - 1]));
    }

    private static long at(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public String toString() {
        return String.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)", p50, p90, p99, max, count);
    }
}
