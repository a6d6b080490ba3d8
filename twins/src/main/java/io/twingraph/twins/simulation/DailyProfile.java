package io.twingraph.twins.simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * A value over the hours of a day: a base value and windows that override it; the first window that contains the
 * hour wins, so specific windows go first. A window may wrap midnight ({@code from > to}).
 */
record DailyProfile(double base, List<Window> windows) {

    record Window(double from, double to, double value) {
        boolean contains(double hour) {
            return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
        }
    }

    /** {@code of(base, from1, to1, value1, from2, to2, value2, ...)}. */
    static DailyProfile of(double base, double... triples) {
        if (triples.length % 3 != 0) {
            throw new IllegalArgumentException("windows are (from, to, value) triples");
        }
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) {
            windows.add(new Window(triples[i], triples[i + 1], triples[i + 2]));
        }
        return new DailyProfile(base, List.copyOf(windows));
    }

    double at(double hour) {
        int segment = segment(hour);
        return segment < 0 ? base : windows.get(segment).value();
    }

    /** Which window is active (-1 for the base): lets a manual override last until the schedule moves on. */
    int segment(double hour) {
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i).contains(hour)) {
                return i;
            }
        }
        return -1;
    }
}
