package io.twingraph.twins.simulation;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

/**
 * A motorised blind: feature {@code cover} with {@code position} (0-100, 100 = fully open) and {@code open} (true
 * while any of the window is uncovered). {@code position} is commanded directly; {@code open} is a shortcut for
 * fully open or fully closed, as on most blind motors' up/down buttons.
 */
final class Blind extends Device {
    /** Even a closed blind lets some light and heat through its slats and edges. */
    private static final double CLOSED_DAYLIGHT = 0.1;
    /** Open at the start: nobody in the household draws them, so the room gets the sun as it did without blinds. */
    private int position = 100;

    Blind(DeviceInfo info) {
        super(info);
    }

    /** The share of daylight (and solar gain) that comes past the blind, 0-1. */
    double daylight() {
        // written so that an open blind gives exactly 1: the room's model is then untouched by its blind
        return 1 - (1 - CLOSED_DAYLIGHT) * (100 - position) / 100.0;
    }

    @Override
    JsonObject features() {
        return feature("cover", JsonObject.newBuilder().set("position", position).set("open", position > 0).build());
    }

    @Override
    boolean command(String feature, String property, JsonValue value) {
        if (!feature.equals("cover")) {
            return false;
        }
        if (property.equals("position") && value.isNumber()) {
            double level = value.asDouble();
            if (level < 0 || level > 100) {
                return false;
            }
            position = (int) Math.round(level);
            return true;
        }
        if (property.equals("open") && value.isBoolean()) {
            position = value.asBoolean() ? 100 : 0;
            return true;
        }
        return false;
    }
}
