package io.twingraph.engine.rules.facts;

import java.util.Map;
import java.util.Objects;

/**
 * A device (a twin) as rules see it. Properties are keyed {@code feature/property} ({@code light/on},
 * {@code environment/temperature}, nested paths joined with {@code /}), holding Boolean, Number or String values.
 *
 * @param id        the thing id, {@code home1:kitchen-light}
 * @param iri       the thing's IRI in the graph
 * @param type      its class without prefix: {@code Luminaire}, {@code Thermostat}, {@code Sensor}; empty if none
 * @param name      what people call it; the thing id when it has no name
 * @param room      the room's IRI, or empty when the twin has no location
 * @param roomName  the room's label, or empty
 * @param floor     the floor's IRI, or empty
 * @param floorName the floor's label, or empty
 * @param revision  the twin's revision this fact shows
 */
public record Device(String id, String iri, String type, String name, String room, String roomName, String floor,
                     String floorName, Map<String, Object> properties, long revision) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(iri, "iri");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(roomName, "roomName");
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(floorName, "floorName");
        properties = Map.copyOf(properties);
    }

    /** The value of a property, or null. */
    public Object value(String key) {
        return properties.get(key);
    }

    /** True when the device has the property. */
    public boolean has(String key) {
        return properties.containsKey(key);
    }

    /**
     * A numeric property, or NaN when it is missing or not a number. For conditions prefer {@link #above},
     * {@link #below} and {@link #near}, which are false for a missing property: Drools' compiled constraints (after
     * some twenty evaluations) were seen ordering NaN above every number, which would make {@code number("co2") > 1500}
     * hold for a device without CO2.
     */
    public double number(String key) {
        return properties.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** True when the property is a number greater than the limit; false when it is missing or not a number. */
    public boolean above(String key, double limit) {
        return properties.get(key) instanceof Number n && n.doubleValue() > limit;
    }

    /** True when the property is a number less than the limit; false when it is missing or not a number. */
    public boolean below(String key, double limit) {
        return properties.get(key) instanceof Number n && n.doubleValue() < limit;
    }

    /** True when the property is a number within {@code tolerance} of the value; false when it is missing. */
    public boolean near(String key, double value, double tolerance) {
        return properties.get(key) instanceof Number n && Math.abs(n.doubleValue() - value) <= tolerance;
    }

    /** True only when the property is the boolean {@code true}. */
    public boolean flag(String key) {
        return Boolean.TRUE.equals(properties.get(key));
    }

    /** True when the name or id contains the word, ignoring case ({@code named("window")}). */
    public boolean named(String word) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        return name.toLowerCase(java.util.Locale.ROOT).contains(w) || id.toLowerCase(java.util.Locale.ROOT).contains(w);
    }

    /** True when the device is in a room. */
    public boolean located() {
        return !room.isEmpty();
    }
}
