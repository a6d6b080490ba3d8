package io.twingraph.engine.rules.facts;

import java.time.Instant;
import java.util.Objects;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * One reported value of one property: an event (STREAM mode) stamped with the time the twin changed. Readings expire
 * from rule memory after two hours; a package whose DRL never mentions {@code Reading} does not get them at all, and
 * a package that keeps per-device state of its own can delete the readings it has used.
 *
 * @param device the thing id
 * @param type   the device's class without prefix
 * @param room   the room's IRI, or empty
 * @param key    {@code feature/property}
 * @param value  Boolean, Number or String
 * @param number the value as a number, NaN when it is not one
 * @param time   epoch milliseconds
 */
@Role(Role.Type.EVENT)
@Timestamp("time")
@Expires("2h")
public record Reading(String device, String type, String room, String key, Object value, double number, long time) {

    public Reading {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** A reading of a value, its number taken from it when it is one. */
    public static Reading of(String device, String type, String room, String key, Object value, Instant time) {
        double number = value instanceof Number n ? n.doubleValue() : Double.NaN;
        return new Reading(device, type, room, key, value, number, time.toEpochMilli());
    }

    /** True when the value is a number greater than the limit (use it rather than {@code number > x}: see Device). */
    public boolean above(double limit) {
        return value instanceof Number n && n.doubleValue() > limit;
    }

    /** True when the value is a number less than the limit. */
    public boolean below(double limit) {
        return value instanceof Number n && n.doubleValue() < limit;
    }

    public boolean flag() {
        return Boolean.TRUE.equals(value);
    }

    public Instant instant() {
        return Instant.ofEpochMilli(time);
    }
}
