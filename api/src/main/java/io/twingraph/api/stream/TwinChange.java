package io.twingraph.api.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.policy.ThingAccess;

/**
 * A committed twin change as the stream sends it:
 * {@code {"thingId", "revision", "action", "timestamp", "changes": [{"path", "value"} | {"path", "deleted": true}]}}.
 * Each change holds the value at its path <em>after</em> the change, so a client sets it and needs no merge logic: a
 * merge patch becomes one change per leaf it touched (telemetry names only the properties it reports), a modify one
 * change at its path, a whole-thing change one change at {@code /} with the whole thing. A caller restricted by
 * policies gets the values of its readable view only.
 */
final class TwinChange {
    private TwinChange() {
    }

    /** The event's JSON text, all of it. */
    static String json(TwinEvent event) {
        return json(event, ThingAccess.UNRESTRICTED);
    }

    /**
     * The event as a caller sees it: values from the caller's readable view of the thing, changes it may not read
     * left out; null when it may read none of them.
     */
    static String json(TwinEvent event, ThingAccess access) {
        Optional<JsonObject> after = event.afterThing().map(Thing::toJson);
        Optional<JsonObject> visible = access.isUnrestricted() ? after
                : event.afterThing().flatMap(access::view).map(Thing::toJson);
        List<JsonValue> changes = new ArrayList<>();
        for (JsonPointer path : leaves(event)) {
            Optional<JsonValue> value = visible.flatMap(v -> valueAt(v, path));
            if (value.isPresent()) {
                changes.add(change(path, value));
            } else if (after.flatMap(a -> valueAt(a, path)).isEmpty() && access.canRead(event.thingId(), path)) {
                changes.add(change(path, Optional.empty())); // deleted, where the caller may read
            }
        }
        if (changes.isEmpty()) {
            return null;
        }
        return JsonObject.newBuilder()
                .set("thingId", event.thingId().toString())
                .set("revision", event.revision())
                .set("action", event.action().name())
                .set("timestamp", event.timestamp().toString())
                .set("changes", JsonFactory.newArrayBuilder(changes).build())
                .build().toString();
    }

    private static JsonValue change(JsonPointer path, Optional<JsonValue> value) {
        var c = JsonObject.newBuilder().set("path", path.isEmpty() ? "/" : path.toString());
        return value.map(v -> c.set("value", v)).orElseGet(() -> c.set("deleted", true)).build();
    }

    /** The paths whose values changed: the leaves of a merge patch, else the event's path. */
    static List<JsonPointer> leaves(TwinEvent event) {
        List<JsonPointer> paths = new ArrayList<>();
        if (event.action() == TwinEvent.Action.MERGED && event.value() != null && !event.isWholeThing()) {
            collect(event.path(), event.value(), paths);
        } else {
            paths.add(event.path());
        }
        return paths;
    }

    private static void collect(JsonPointer at, JsonValue patch, List<JsonPointer> into) {
        if (patch.isObject() && !patch.asObject().isEmpty()) {
            patch.asObject().forEach(field -> collect(at.addLeaf(field.getKey()), field.getValue(), into));
        } else {
            into.add(at);
        }
    }

    private static Optional<JsonValue> valueAt(JsonObject thing, JsonPointer path) {
        return path.isEmpty() ? Optional.of(thing) : thing.getValue(path);
    }
}
