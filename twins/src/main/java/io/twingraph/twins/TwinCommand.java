package io.twingraph.twins;

import java.util.Objects;
import java.util.UUID;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

/**
 * A request to change one twin, addressed by a JSON pointer into the thing as Ditto defines it ({@code /},
 * {@code /attributes/room}, {@code /features/light/properties/on}...). Every Ditto twin-modifying command maps onto
 * one of these four.
 */
public sealed interface TwinCommand {

    /** Who sent the command. Device input is held to stricter rules (see {@link TwinStore#apply}). */
    enum Origin {
        /** A device, over MQTT. */
        DEVICE,
        /** A client of the HTTP API. */
        API,
        /** TwinGraph itself (provisioning, imports). */
        SYSTEM
    }

    ThingId thingId();

    JsonPointer path();

    Origin origin();

    /** Identifies the command end to end; never null. */
    String correlationId();

    /** Creates a thing that must not exist yet. */
    record Create(ThingId thingId, Thing thing, Origin origin, String correlationId) implements TwinCommand {
        public Create {
            requireCommon(thingId, origin, correlationId);
            Objects.requireNonNull(thing, "thing");
        }

        @Override
        public JsonPointer path() {
            return JsonPointer.empty();
        }
    }

    /** Sets the value at a path (creating the thing when the path is {@code /}). */
    record Modify(ThingId thingId, JsonPointer path, JsonValue value, Origin origin, String correlationId)
            implements TwinCommand {
        public Modify {
            requireCommon(thingId, origin, correlationId);
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Applies a JSON merge patch (RFC 7396) at a path of an existing thing. */
    record Merge(ThingId thingId, JsonPointer path, JsonValue patch, Origin origin, String correlationId)
            implements TwinCommand {
        public Merge {
            requireCommon(thingId, origin, correlationId);
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(patch, "patch");
        }
    }

    /** Removes the value at a path ({@code /} deletes the thing). */
    record Delete(ThingId thingId, JsonPointer path, Origin origin, String correlationId) implements TwinCommand {
        public Delete {
            requireCommon(thingId, origin, correlationId);
            Objects.requireNonNull(path, "path");
        }
    }

    /** Telemetry from a device: {@code {"<featureId>": {"<property>": value}}} merged into feature properties. */
    static Merge telemetry(ThingId thingId, JsonObject featureValues, String correlationId) {
        var features = JsonObject.newBuilder();
        featureValues.forEach(f -> features.set(f.getKey().toString(),
                JsonObject.newBuilder().set("properties", f.getValue()).build()));
        return new Merge(thingId, JsonPointer.of("/features"), features.build(), Origin.DEVICE,
                correlationId == null ? newCorrelationId() : correlationId);
    }

    static String newCorrelationId() {
        return UUID.randomUUID().toString();
    }

    private static void requireCommon(ThingId thingId, Origin origin, String correlationId) {
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(correlationId, "correlationId");
    }
}
