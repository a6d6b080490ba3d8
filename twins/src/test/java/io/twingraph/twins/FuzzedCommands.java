package io.twingraph.twins;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonKey;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;

/** What the twins fuzz tests make of fuzzer data: JSON values, and device commands as TwinGraph can send them. */
public final class FuzzedCommands {
    private FuzzedCommands() {
    }

    /** The text as JSON when it is JSON, else as a JSON string. */
    public static JsonValue jsonValue(String text) {
        try {
            return JsonFactory.readFrom(text);
        } catch (RuntimeException notJson) {
            return JsonValue.of(text);
        }
    }

    /**
     * A command setting {@code /features/{featureId}/properties/{property}}, or null when no twin could have that
     * property: twins only have feature ids and property names Ditto accepts.
     */
    public static DeviceCommand command(ThingId thing, String featureId, String property, JsonValue value,
                                        String correlationId) {
        if (!validFeatureId(featureId) || !validPropertyName(property)) {
            return null;
        }
        JsonPointer path = JsonPointer.empty().addLeaf(JsonKey.of("features")).addLeaf(JsonKey.of(featureId))
                .addLeaf(JsonKey.of("properties")).addLeaf(JsonKey.of(property));
        return new DeviceCommand(thing, path, value, correlationId);
    }

    private static boolean validPropertyName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        try {
            ThingsModelFactory.newFeatureProperties(JsonObject.newBuilder().set(JsonKey.of(name), true).build());
            return true;
        } catch (RuntimeException invalid) {
            return false;
        }
    }

    private static boolean validFeatureId(String id) {
        if (id.isEmpty()) {
            return false;
        }
        try {
            ThingsModelFactory.newFeature(id);
            return true;
        } catch (RuntimeException invalid) {
            return false;
        }
    }
}
