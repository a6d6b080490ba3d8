package io.twingraph.twins.mqtt;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.DeviceCommand;

/**
 * Plain telemetry and plain commands: {@code {"<featureId>": {"<property>": value, ...}, ...}}.
 */
final class TelemetryCodec {
    private TelemetryCodec() {
    }

    /** Parses telemetry; every top-level value must be an object (a feature's properties). */
    static JsonObject decode(String payload) {
        JsonValue value;
        try {
            value = JsonFactory.readFrom(payload);
        } catch (RuntimeException e) {
            throw malformed("not JSON: " + e.getMessage());
        }
        if (!value.isObject()) {
            throw malformed("telemetry is a JSON object of features");
        }
        JsonObject features = value.asObject();
        if (features.isEmpty()) {
            throw malformed("telemetry names no feature");
        }
        for (var feature : features) {
            if (!feature.getValue().isObject()) {
                throw malformed("feature '" + feature.getKey() + "' must be an object of properties");
            }
        }
        return features;
    }

    /** The plain payload for a device command: the desired value nested at its feature and property path. */
    static String encode(DeviceCommand command) {
        JsonObject properties = JsonObject.empty().setValue(command.propertyPath(), command.value());
        return JsonObject.newBuilder().set(command.featureId(), properties).build().toString();
    }

    private static TwinGraphException malformed(String why) {
        return new TwinGraphException("twins:payload.malformed", TwinGraphException.Kind.INVALID,
                "Malformed telemetry: " + why, "Publish {\"<featureId>\": {\"<property>\": value}}.");
    }
}
