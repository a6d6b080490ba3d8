package io.twingraph.twins.simulation;

import java.util.Locale;
import java.util.Set;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.json.JsonValue;

/**
 * A dimmable LED luminaire: feature {@code light} with {@code on} and {@code brightness} (0-100); a colour lamp also
 * has {@code color}, a colour name from its palette ({@code warm white}, {@code red}) or {@code #rrggbb}.
 */
final class Light extends Device {
    private static final double FULL_WATTS = 9;
    /** What colour bulbs commonly offer by name; anything else is given as {@code #rrggbb}. */
    private static final Set<String> PALETTE = Set.of("warm white", "white", "cool white", "daylight", "red", "orange",
            "amber", "yellow", "lime", "green", "teal", "cyan", "turquoise", "blue", "purple", "violet", "magenta",
            "pink", "lavender");
    private boolean on;
    private int brightness = 80;
    /** Null for a white-only lamp, which reports no colour at all. */
    private String color;

    Light(DeviceInfo info) {
        super(info);
    }

    /** A colour lamp, starting in the given colour. */
    Light(DeviceInfo info, String color) {
        super(info);
        this.color = color;
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
        JsonObjectBuilder light = JsonObject.newBuilder().set("on", on).set("brightness", brightness);
        if (color != null) {
            light.set("color", color);
        }
        return feature("light", light.build());
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
        if (property.equals("color") && color != null && value.isString()) {
            String wanted = value.asString().trim().toLowerCase(Locale.ROOT);
            if (!PALETTE.contains(wanted) && !wanted.matches("#[0-9a-f]{6}")) {
                return false;
            }
            // like dimming, choosing a colour means wanting to see it
            color = wanted;
            on = true;
            if (brightness == 0) {
                brightness = 100;
            }
            return true;
        }
        return false;
    }
}
