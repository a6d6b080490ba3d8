package io.twingraph.twins.store;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.error.TwinGraphException;

/**
 * Device input may report values but not reshape a twin: every reported leaf keeps the JSON type the twin already
 * holds at that place, and {@code null} (which a merge patch reads as "delete") is refused.
 */
final class DeviceInputRules {
    private DeviceInputRules() {
    }

    /** Checks a merge patch at {@code at} against the current thing JSON. */
    static void checkMerge(ThingId thingId, JsonObject current, JsonPointer at, JsonValue patch) {
        check(thingId, at.isEmpty() ? current : current.getValue(at).orElse(null), JsonPointer.empty(), at, patch);
    }

    /**
     * Checks a merge patch against the value it is merged into ({@code existing}, null when absent), walking both
     * together; {@code where} names the place in the twin for error messages only.
     */
    static void check(ThingId thingId, JsonValue existing, JsonPointer below, JsonPointer where, JsonValue patch) {
        if (patch.isNull()) {
            throw typeError(thingId, where.append(below), "null", "a value (devices cannot delete properties)");
        }
        if (patch.isObject()) {
            if (existing != null && !existing.isObject()) {
                throw typeError(thingId, where.append(below), "an object", typeName(existing));
            }
            for (var field : patch.asObject()) {
                JsonValue child = existing == null ? null : existing.asObject().getValue(field.getKey()).orElse(null);
                check(thingId, child, below.addLeaf(field.getKey()), where, field.getValue());
            }
            return;
        }
        if (existing != null && !existing.isNull() && !sameType(existing, patch)) {
            throw typeError(thingId, where.append(below), typeName(patch), typeName(existing));
        }
    }

    private static boolean sameType(JsonValue a, JsonValue b) {
        return a.isNumber() == b.isNumber() && a.isBoolean() == b.isBoolean() && a.isString() == b.isString()
                && a.isArray() == b.isArray() && a.isObject() == b.isObject();
    }

    private static String typeName(JsonValue v) {
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isString()) {
            return "a string";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isObject()) {
            return "an object";
        }
        return "null";
    }

    private static TwinGraphException typeError(ThingId thingId, JsonPointer at, String got, String expected) {
        return new TwinGraphException("twins:telemetry.type", TwinGraphException.Kind.INVALID,
                "Thing '" + thingId + "' at '" + at + "': got " + got + ", expected " + expected + ".",
                "Devices must report each property with the JSON type the twin already has.");
    }
}
