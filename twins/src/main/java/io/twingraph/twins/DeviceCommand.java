package io.twingraph.twins;

import java.util.Objects;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;

/**
 * A desired value sent to a device (not to its twin): the device decides, acts, and reports its new state, which
 * then changes the twin. The path addresses a feature property, e.g. {@code /features/light/properties/on}.
 */
public record DeviceCommand(ThingId thingId, JsonPointer path, JsonValue value, String correlationId) {
    public DeviceCommand {
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(correlationId, "correlationId");
        if (path.getLevelCount() < 4 || !"features".equals(path.getRoot().orElseThrow().toString())
                || !"properties".equals(path.get(2).orElseThrow().toString())) {
            throw new IllegalArgumentException(
                    "a device command addresses a feature property, /features/{featureId}/properties/{path}: " + path);
        }
    }

    /** The feature the command is for. */
    public String featureId() {
        return path.get(1).orElseThrow().toString();
    }

    /** The property path inside the feature's properties. */
    public JsonPointer propertyPath() {
        return path.getSubPointer(3).orElseThrow();
    }
}
