package io.twingraph.nl.home;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What kind of device a twin is, for language. A twin may say so itself (attributes {@code kind} and
 * {@code deviceClass}, the vocabulary Home Assistant made common: light, switch, fan, cover, lock...); otherwise its
 * features tell (a {@code light} feature makes a light, {@code contact} a door or window sensor), and failing that its
 * Brick/SAREF class.
 */
final class DeviceKinds {
    private static final Map<String, String> BY_FEATURE = Map.ofEntries(
            Map.entry("light", "light"), Map.entry("thermostat", "climate"), Map.entry("cover", "cover"),
            Map.entry("lock", "lock"), Map.entry("valve", "valve"), Map.entry("fan", "fan"),
            Map.entry("switch", "switch"), Map.entry("contact", "binary_sensor"),
            Map.entry("presence", "binary_sensor"), Map.entry("media", "media_player"),
            Map.entry("environment", "sensor"), Map.entry("sensor", "sensor"));
    private static final Map<String, String> BY_CLASS = Map.of(
            "luminaire", "light", "lighting", "light", "thermostat", "climate", "sensor", "sensor",
            "plugstrip", "switch", "switch", "switch", "fan", "fan", "valve", "valve");
    /** Measured quantities that name a sensor's class when it measures just one of them. */
    private static final Set<String> QUANTITIES = Set.of("temperature", "humidity", "co2", "power", "energy",
            "illuminance", "pressure", "battery");

    private DeviceKinds() {
    }

    /** The kind: the {@code kind} attribute, else from features, else from the class; {@code other} when none fits. */
    static String kind(String kindAttribute, String classAttribute, Map<String, Object> properties) {
        if (kindAttribute != null && !kindAttribute.isBlank()) {
            return kindAttribute.trim().toLowerCase(Locale.ROOT);
        }
        // the feature that commands the device decides before sensing features (a smart plug also meters)
        for (String feature : new String[]{"light", "thermostat", "cover", "lock", "valve", "fan", "switch", "media",
                "contact", "presence", "environment", "sensor"}) {
            if (hasFeature(properties, feature)) {
                return BY_FEATURE.get(feature);
            }
        }
        String cls = classAttribute == null ? "" : classAttribute.substring(
                Math.max(classAttribute.lastIndexOf(':'), Math.max(classAttribute.lastIndexOf('#'), classAttribute.lastIndexOf('/'))) + 1);
        return BY_CLASS.getOrDefault(cls.replace("_", "").toLowerCase(Locale.ROOT), "other");
    }

    /** The device class: the {@code deviceClass} attribute, else what the name or the one measured quantity says. */
    static String deviceClass(String classAttribute, String kind, String name, Map<String, Object> properties) {
        if (classAttribute != null && !classAttribute.isBlank()) {
            return classAttribute.trim().toLowerCase(Locale.ROOT);
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (kind.equals("binary_sensor") && hasFeature(properties, "contact")) {
            return n.contains("garage") ? "garage_door" : n.contains("window") ? "window" : n.contains("door") ? "door" : "opening";
        }
        if (kind.equals("binary_sensor") && hasFeature(properties, "presence")) {
            return n.contains("occupancy") || n.contains("presence") ? "occupancy" : "motion";
        }
        if (kind.equals("sensor")) {
            String only = null;
            for (String key : properties.keySet()) {
                String property = key.substring(key.lastIndexOf('/') + 1);
                if (QUANTITIES.contains(property)) {
                    if (only != null && !only.equals(property)) {
                        return "";
                    }
                    only = property;
                }
            }
            return only == null ? "" : only;
        }
        if (kind.equals("cover")) {
            for (String c : new String[]{"curtain", "blind", "shade", "shutter", "awning", "garage", "gate", "window", "door"}) {
                if (n.contains(c)) {
                    return c;
                }
            }
        }
        return "";
    }

    private static boolean hasFeature(Map<String, Object> properties, String feature) {
        String prefix = feature + "/";
        for (String key : properties.keySet()) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
