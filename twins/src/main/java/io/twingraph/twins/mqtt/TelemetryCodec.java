package io.twingraph.twins.mqtt;

import org.eclipse.ditto.base.model.entity.validation.NoControlCharactersNoSlashesValidator;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.CommandValues;
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
        requireDittoKeys(features, "");
        if (!CommandValues.finite(features)) {
            throw malformed("a number is too large for a double (it would be stored as Infinity, which is not JSON)");
        }
        return features;
    }

    /**
     * Every key, feature ids and property names at any depth, must be one Ditto accepts in a thing: no '/', no control
     * characters. A feature id with a '/' would otherwise be read as a path when the telemetry becomes a merge and
     * reach outside that feature's properties (e.g. {@code "light/desiredProperties"}); other keys would only fail
     * later, in the twin store.
     */
    private static void requireDittoKeys(JsonObject object, String at) {
        for (var field : object) {
            String key = field.getKey().toString();
            if (!NoControlCharactersNoSlashesValidator.getInstance(key).isValid()) {
                throw malformed("the key " + JsonValue.of(key) + (at.isEmpty() ? "" : " in " + at)
                        + " has a '/' or a control character, which Ditto does not allow in a thing");
            }
            if (field.getValue().isObject()) {
                requireDittoKeys(field.getValue().asObject(), at.isEmpty() ? key : at + "/" + key);
            }
        }
    }

    /**
     * The plain payload for a device command: the desired value nested at its feature and property path.
     *
     * @throws TwinGraphException {@value CommandValues#INVALID} for a value JSON cannot write
     */
    static String encode(DeviceCommand command) {
        CommandValues.requireFinite(command);
        JsonObject properties = JsonObject.empty().setValue(command.propertyPath(), command.value());
        return JsonObject.newBuilder().set(command.featureId(), properties).build().toString();
    }

    private static TwinGraphException malformed(String why) {
        return new TwinGraphException("twins:payload.malformed", TwinGraphException.Kind.INVALID,
                "Malformed telemetry: " + why, "Publish {\"<featureId>\": {\"<property>\": value}}.");
    }
}
