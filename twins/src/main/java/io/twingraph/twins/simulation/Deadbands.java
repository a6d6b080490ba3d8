package io.twingraph.twins.simulation;

import java.util.Map;

import org.eclipse.ditto.json.JsonValue;

/**
 * How much a reading must move before a device bothers to report it, by property name. Real sensors do the same to
 * save battery and airtime; it also keeps noise from flooding TwinGraph. States (booleans, strings, setpoints,
 * brightness) are reported on every change.
 */
final class Deadbands {
    /** Absolute deadband per property; power-like values also have a relative one. */
    private static final Map<String, Double> ABSOLUTE = Map.of(
            "temperature", 0.2,
            "flowTemperature", 0.5,
            "humidity", 2.0,
            "co2", 30.0,
            "power", 10.0,
            "energy", 0.05,
            "exportEnergy", 0.05,
            "soc", 1.0,
            "irradiance", 10.0);
    private static final Map<String, Double> RELATIVE = Map.of("power", 0.05, "irradiance", 0.05);

    private Deadbands() {
    }

    /** Whether a value moved enough since it was last reported (or was never reported). */
    static boolean worthReporting(String property, JsonValue last, JsonValue now) {
        if (last == null) {
            return true;
        }
        if (!last.isNumber() || !now.isNumber()) {
            return !last.equals(now);
        }
        double before = last.asDouble();
        double after = now.asDouble();
        // reaching zero (a load switching off) always counts, however small the step
        if ((before == 0) != (after == 0)) {
            return true;
        }
        double band = Math.max(ABSOLUTE.getOrDefault(property, 0.0),
                RELATIVE.getOrDefault(property, 0.0) * Math.abs(before));
        // the epsilon keeps 20.2 - 20.0 (0.19999...) from falling short of a 0.2 band
        return band == 0 ? before != after : Math.abs(after - before) >= band - 1e-9;
    }
}
