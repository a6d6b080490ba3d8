package io.twingraph.engine.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;

import io.twingraph.engine.rules.facts.Device;

/**
 * The one API a rule's action uses, as the global {@code act}: {@code act.command($lamp, "light/on", false,
 * "no one in the kitchen for 10 minutes")}, {@code act.alert("warning", $window, "window open while heating")},
 * {@code act.anomaly($sensor, "environment/temperature", "stuck", $value, "same value for 3 hours")}. Every call
 * needs a reason, which is recorded with the decision and shown to people. The runtime attaches the rule's name and
 * the matched facts itself.
 */
public final class Actions {
    private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

    /** What one firing asked for; drained by the session after each firing. */
    record Requested(Decision.Kind kind, String device, String key, Object value, String severity, String anomalyKind,
                     String reason) {
    }

    private final List<Requested> requested = new ArrayList<>();

    Actions() {
    }

    /**
     * Sends a desired value to a device.
     *
     * @param device the device
     * @param key    {@code feature/property}, e.g. {@code light/on} or {@code thermostat/setpoint}
     * @param value  Boolean, Number or String
     * @param reason why, in words
     */
    public void command(Device device, String key, Object value, String reason) {
        Objects.requireNonNull(device, "device");
        command(device.id(), key, value, reason);
    }

    /** Sends a desired value to the device with this thing id; see {@link #command(Device, String, Object, String)}. */
    public void command(String thingId, String key, Object value, String reason) {
        pointer(key);
        json(value);
        requested.add(new Requested(Decision.Kind.COMMAND, thingId, key, value, null, null, reason(reason)));
    }

    /**
     * Raises an alert for people.
     *
     * @param severity {@code info}, {@code warning} or {@code critical}
     * @param subject  the device the alert is about
     */
    public void alert(String severity, Device subject, String reason) {
        alert(severity, subject == null ? null : subject.id(), reason);
    }

    /** Raises an alert about a thing id (or about nothing in particular, with null). */
    public void alert(String severity, String thingId, String reason) {
        String s = severity == null ? "" : severity.toLowerCase(Locale.ROOT);
        if (!SEVERITIES.contains(s)) {
            throw new IllegalArgumentException("alert severity must be info, warning or critical, not '" + severity + "'");
        }
        requested.add(new Requested(Decision.Kind.ALERT, thingId, null, null, s, null, reason(reason)));
    }

    /**
     * Reports an anomaly: recorded as a decision and inserted as an {@code Anomaly} fact into every package.
     *
     * @param kind {@code stuck}, {@code rate}, {@code range}, {@code neighbours} or another short word
     */
    public void anomaly(Device device, String key, String kind, double value, String reason) {
        Objects.requireNonNull(device, "device");
        anomaly(device.id(), key, kind, value, reason);
    }

    /** Reports an anomaly of the device with this thing id. */
    public void anomaly(String thingId, String key, String kind, double value, String reason) {
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        requested.add(new Requested(Decision.Kind.ANOMALY, thingId, key, value, null, kind, reason(reason)));
    }

    List<Requested> drain() {
        List<Requested> out = List.copyOf(requested);
        requested.clear();
        return out;
    }

    /** {@code feature/property[/...]} as the command path {@code /features/feature/properties/property}. */
    static JsonPointer pointer(String key) {
        if (key == null || !key.matches("[^/]+(/[^/]+)+")) {
            throw new IllegalArgumentException("a property key is 'feature/property', not '" + key + "'");
        }
        int slash = key.indexOf('/');
        return JsonPointer.of("/features/" + key.substring(0, slash) + "/properties" + key.substring(slash));
    }

    static JsonValue json(Object value) {
        if (value instanceof Boolean b) {
            return JsonValue.of(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return JsonValue.of(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? JsonValue.of((long) d) : JsonValue.of(d);
        }
        if (value instanceof String s) {
            return JsonValue.of(s);
        }
        throw new IllegalArgumentException("a command value is a Boolean, Number or String, not " + value);
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("every action needs a reason people can read");
        }
        return reason;
    }
}
