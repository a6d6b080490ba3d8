package io.twingraph.api.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.twingraph.engine.rules.Decision;
import io.twingraph.engine.rules.RuleTester;
import io.twingraph.engine.rules.facts.Reading;

/**
 * Replays a NAB series through the default anomaly pack: every row is a {@link Reading} of one device, key
 * {@value #KEY} (the pack's generic series, judged by its learned detectors), inserted at its own time on the rule
 * clock and fired at once, as the runtime would for a device reporting alone. Every anomaly the pack raises is a
 * detection.
 */
final class NabPackReplay {
    /** The pack, as the rules module ships it. */
    static final String RESOURCE = "/io/twingraph/rules/packs/anomaly.drl";
    /** A numeric series whose meaning the pack does not know. */
    static final String KEY = "value/value";

    /** An anomaly the pack raised: when, and by which rule. */
    record Detection(Instant time, String rule) {
    }

    /**
     * What the pack did on one series.
     *
     * @param detections every anomaly it raised, in time order
     * @param took       wall time of the replay (inserting and firing; the package's compilation excluded)
     */
    record Result(List<Detection> detections, Duration took) {
        Result {
            detections = List.copyOf(detections);
        }

        List<Instant> times() {
            return detections.stream().map(Detection::time).toList();
        }

        /** How many anomalies each rule raised from {@code from} on. */
        Map<String, Integer> byRule(Instant from) {
            Map<String, Integer> counts = new TreeMap<>();
            detections.stream().filter(d -> !d.time().isBefore(from)).forEach(d -> counts.merge(d.rule(), 1, Integer::sum));
            return counts;
        }
    }

    private NabPackReplay() {
    }

    static String drl() {
        try (InputStream in = NabPackReplay.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath (the rules module ships it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static Result run(String drl, NabSeries series) {
        String device = "nab:" + series.name();
        List<Detection> detections = new ArrayList<>();
        long started;
        try (RuleTester tester = RuleTester.of(drl, series.points().get(0).time())) {
            // the replay, not the compilation of the package
            started = System.nanoTime();
            for (NabSeries.Point p : series.points()) {
                tester.reading(new Reading(device, "Sensor", "", KEY, p.value(), p.value(), p.time().toEpochMilli()));
                for (Decision d : tester.fire()) {
                    if (d.kind() == Decision.Kind.RULE_FAILED) {
                        throw new IllegalStateException("Rule '" + d.rule() + "' failed on " + series.name() + " at "
                                + p.time() + ": " + d.detail());
                    }
                    if (d.kind() == Decision.Kind.ANOMALY) {
                        detections.add(new Detection(d.time(), d.rule()));
                    }
                }
            }
        }
        return new Result(detections, Duration.ofNanos(System.nanoTime() - started));
    }
}
