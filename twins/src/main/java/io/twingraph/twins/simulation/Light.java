package io.twingraph.twins.simulation;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

/** A dimmable LED luminaire: feature {@code light} with {@code on} and {@code brightness} (0-100). */
final class Light extends Device {
    private static final double FULL_WATTS = 9;
    private boolean on;
    private int brightness = 80;

    Light(DeviceInfo info) {
        super(info);
    }

    boolean on() {
        return on;
    }

    void switchOn(int level) {
        on = true;
        brightness = Math.max(1, Math.min(100, level));
    }

    void switchOff() {
        on = false;
    }

    double watts() {
        return on ? FULL_WATTS * brightness / 100.0 : 0;
    }

    @Override
    JsonObject features() {
        return feature("light", JsonObject.newBuilder().set("on", on).set("brightness", brightness).build());
    }

    @Override
    boolean command(String feature, String property, JsonValue value) {
        if (!feature.equals("light")) {
            return false;
        }
        if (property.equals("on") && value.isBoolean()) {
            on = value.asBoolean();
            if (on && brightness == 0) {
                brightness = 100;
            }
            return true;
        }
        if (property.equals("brightness") && value.isNumber()) {
            double level = value.asDouble();
            if (level < 0 || level > 100) {
                return false;
            }
            // as in most home automation: dimming to a level switches on, dimming to zero switches off
            brightness = (int) Math.round(level);
            on = brightness > 0;
            return true;
        }
        return false;
    }
}
