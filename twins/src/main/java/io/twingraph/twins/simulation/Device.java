package io.twingraph.twins.simulation;

import java.util.Locale;

import org.eclipse.ditto.json.JsonArray;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;

/**
 * One simulated device: its identity, its current reported state and the commands it obeys. Its behaviour over
 * time is driven by the home it belongs to; a device only knows how to report and how to react to commands.
 */
abstract class Device {
    private final DeviceInfo info;

    Device(DeviceInfo info) {
        this.info = info;
    }

    DeviceInfo info() {
        return info;
    }

    ThingId thingId() {
        return info.thingId();
    }

    /**
     * The reported state, {@code {"<featureId>": {"<property>": value}}}, rounded as a real device would report it.
     * Every property is always present with the same JSON type, because TwinGraph refuses type changes from devices.
     */
    abstract JsonObject features();

    /**
     * Applies one desired value. Physical readings cannot be commanded.
     *
     * @return whether the device accepted it (known, writable property with a valid value)
     */
    boolean command(String feature, String property, JsonValue value) {
        return false;
    }

    /** The twin TwinGraph provisions for this device before the simulation publishes. */
    Thing toThing() {
        var aliases = JsonArray.newBuilder();
        info.aliases().forEach(aliases::add);
        JsonObject attributes = JsonObject.newBuilder()
                .set("name", info.name())
                .set("aliases", aliases.build())
                .set("class", info.brickClass())
                .set("location", info.location())
                .set("protocol", info.protocol().name().toLowerCase(Locale.ROOT))
                .setAll(info.extraAttributes())
                .build();
        return ThingsModelFactory.newThingBuilder()
                .setId(thingId())
                .setAttributes(ThingsModelFactory.newAttributes(attributes))
                .setFeatures(ThingsModelFactory.newFeatures(asDittoFeatures(features())))
                .build();
    }

    /** {@code {"light": {"on": true}}} to Ditto's {@code {"light": {"properties": {"on": true}}}}. */
    static JsonObject asDittoFeatures(JsonObject plain) {
        var features = JsonObject.newBuilder();
        plain.forEach(f -> features.set(f.getKey().toString(),
                JsonObject.newBuilder().set("properties", f.getValue()).build()));
        return features.build();
    }

    static JsonObject feature(String featureId, JsonObject properties) {
        return JsonObject.newBuilder().set(featureId, properties).build();
    }

    /** Rounds for reporting: real devices report a fixed resolution, and it keeps telemetry small. */
    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    @Override
    public String toString() {
        return thingId().toString();
    }
}
