package io.twingraph.nl.act;

import java.util.Map;

import org.eclipse.ditto.json.JsonValue;

import io.twingraph.nl.Interpretation;
import io.twingraph.nl.Interpretation.Intent;
import io.twingraph.nl.home.HomeDevice;

/**
 * Which property of a device carries out an intent: a light's {@code light/on}, a blind's {@code cover/position}, a
 * lock's {@code lock/locked}. Decided from the properties the twin has, so any twin with an {@code on} switch can be
 * turned on, whatever its kind.
 */
public final class Actuation {
    private Actuation() {
    }

    /** What to set on the device for the interpretation, or why not. */
    public static DeviceAction plan(Interpretation interpretation, HomeDevice d) {
        Intent intent = interpretation.intent();
        Map<String, Object> values = interpretation.values();
        if (d.kind().equals("sensor") || d.kind().equals("binary_sensor")) {
            return DeviceAction.refuse(d, d.name() + " is a sensor: it reports, it can't be switched or moved");
        }
        return switch (intent) {
            case TURN_ON, TURN_OFF -> onOff(d, intent == Intent.TURN_ON);
            case OPEN, CLOSE -> openClose(d, intent == Intent.OPEN);
            case LOCK, UNLOCK -> d.has("lock/locked")
                    ? DeviceAction.set(d, "lock/locked", JsonValue.of(intent == Intent.LOCK))
                    : DeviceAction.refuse(d, d.name() + " has no lock");
            case SET_BRIGHTNESS -> number(d, "light/brightness", values.get("brightness"), "can't be dimmed");
            case SET_POSITION -> d.has("cover/position")
                    ? number(d, "cover/position", values.get("position"), "")
                    : number(d, "valve/position", values.get("position"), "has no position to set");
            case SET_COLOR -> d.has("light/color")
                    ? DeviceAction.set(d, "light/color", JsonValue.of(String.valueOf(values.get("color"))))
                    : DeviceAction.refuse(d, d.name() + " can't change colour");
            case SET_TEMPERATURE -> number(d, "thermostat/setpoint", values.get("temperature"), "has no temperature setpoint");
            default -> DeviceAction.refuse(d, "nothing to set for " + intent);
        };
    }

    private static DeviceAction onOff(HomeDevice d, boolean on) {
        if (d.kind().equals("cover") || d.kind().equals("valve")) {
            return openClose(d, on);
        }
        if (d.kind().equals("lock")) {
            return DeviceAction.set(d, "lock/locked", JsonValue.of(on));
        }
        String preferred = d.kind() + "/on";
        if (d.properties().get(preferred) instanceof Boolean) {
            return DeviceAction.set(d, preferred, JsonValue.of(on));
        }
        for (Map.Entry<String, Object> p : d.properties().entrySet()) {
            if (p.getKey().endsWith("/on") && p.getValue() instanceof Boolean) {
                return DeviceAction.set(d, p.getKey(), JsonValue.of(on));
            }
        }
        for (String scene : new String[]{"scene/active", "script/active"}) {
            if (d.has(scene)) {
                return DeviceAction.set(d, scene, JsonValue.of(on));
            }
        }
        return DeviceAction.refuse(d, d.name() + " has no on/off switch");
    }

    private static DeviceAction openClose(HomeDevice d, boolean open) {
        if (d.has("cover/position")) {
            return DeviceAction.set(d, "cover/position", JsonValue.of(open ? 100 : 0));
        }
        for (String p : new String[]{"cover/open", "valve/open"}) {
            if (d.has(p)) {
                return DeviceAction.set(d, p, JsonValue.of(open));
            }
        }
        return DeviceAction.refuse(d, d.name() + " can't be opened or closed");
    }

    private static DeviceAction number(HomeDevice d, String property, Object value, String why) {
        if (!d.has(property)) {
            return DeviceAction.refuse(d, d.name() + " " + why);
        }
        if (!(value instanceof Number n)) {
            return DeviceAction.refuse(d, "no value given for " + property);
        }
        double v = n.doubleValue();
        if ((property.endsWith("brightness") || property.endsWith("position")) && (v < 0 || v > 100)) {
            return DeviceAction.refuse(d, property.substring(property.indexOf('/') + 1) + " goes from 0 to 100%, not " + n);
        }
        return DeviceAction.set(d, property, v == Math.rint(v) ? JsonValue.of((long) v) : JsonValue.of(v));
    }
}
