package io.twingraph.nl.answer;

import java.util.Map;

import io.twingraph.nl.home.HomeDevice;

/**
 * The property that tells a device's state (a light's {@code light/on}, a blind's {@code cover/position}, a door
 * contact's {@code contact/open}) and how its value reads as a state word.
 */
final class StateProperty {
    private static final String[] BINARY = {"contact/open", "presence/occupied", "presence/motion", "state/on"};

    private StateProperty() {
    }

    /** The {@code feature/property} that holds the device's state, or null when it has none. */
    static String of(HomeDevice d) {
        Map<String, Object> p = d.properties();
        switch (d.kind()) {
            case "cover":
                return p.containsKey("cover/position") ? "cover/position" : first(d, "cover/open");
            case "lock":
                return first(d, "lock/locked");
            case "valve":
                return first(d, "valve/open", "valve/position");
            case "climate":
                return first(d, "thermostat/temperature", "thermostat/mode");
            case "binary_sensor":
                String b = first(d, BINARY);
                return b != null ? b : firstOfType(d, Boolean.class);
            case "sensor":
                if (!d.deviceClass().isEmpty()) {
                    for (String key : p.keySet()) {
                        if (key.endsWith("/" + d.deviceClass())) {
                            return key;
                        }
                    }
                }
                String n = first(d, "sensor/value");
                return n != null ? n : firstOfType(d, Number.class);
            default:
                String on = first(d, d.kind() + "/on");
                if (on != null) {
                    return on;
                }
                for (String key : p.keySet()) {
                    if (key.endsWith("/on") && p.get(key) instanceof Boolean) {
                        return key;
                    }
                }
                String state = first(d, d.kind() + "/state");
                return state != null ? state : firstOfType(d, Object.class);
        }
    }

    /** The state word for a value of the device's state property: on/off, open/closed, locked/unlocked... */
    static String word(HomeDevice d, String property, Object value) {
        if (value == null) {
            return "unknown";
        }
        if (property.equals("cover/position") || property.equals("valve/position")) {
            return value instanceof Number n && n.doubleValue() > 0 ? "open" : "closed";
        }
        if (property.equals("cover/open") || property.equals("valve/open")) {
            return Boolean.TRUE.equals(value) ? "open" : "closed";
        }
        if (property.equals("lock/locked")) {
            return Boolean.TRUE.equals(value) ? "locked" : "unlocked";
        }
        if (value instanceof Boolean b) {
            return b ? "on" : "off";
        }
        return String.valueOf(value);
    }

    private static String first(HomeDevice d, String... keys) {
        for (String k : keys) {
            if (d.has(k)) {
                return k;
            }
        }
        return null;
    }

    private static String firstOfType(HomeDevice d, Class<?> type) {
        for (Map.Entry<String, Object> e : d.properties().entrySet()) {
            if (type.isInstance(e.getValue())) {
                return e.getKey();
            }
        }
        return null;
    }
}
