package io.twingraph.twins.simulation;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** Fixed clocks at local times in Berlin, for tests. */
final class SimTimes {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private SimTimes() {
    }

    /** A clock standing still at the given local time, e.g. {@code 2026-01-12T19:30} (a Monday). */
    static Clock at(String localDateTime) {
        return Clock.fixed(LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant(), BERLIN);
    }

    static HomeSimulation simulation(String localDateTime) {
        return new HomeSimulation(SimulationConfig.defaults(), at(localDateTime));
    }
}
