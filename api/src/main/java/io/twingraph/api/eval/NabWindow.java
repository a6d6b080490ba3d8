package io.twingraph.api.eval;

import java.time.Instant;
import java.util.Objects;

/**
 * A labelled anomaly window of a NAB series: a detection anywhere inside it (ends included) catches it.
 *
 * @param start first instant of the window
 * @param end   last instant of the window
 */
record NabWindow(Instant start, Instant end) {
    NabWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("a window ends after it starts: " + start + " .. " + end);
        }
    }

    boolean contains(Instant t) {
        return !t.isBefore(start) && !t.isAfter(end);
    }
}
