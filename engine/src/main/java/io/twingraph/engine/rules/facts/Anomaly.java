package io.twingraph.engine.rules.facts;

import java.util.Objects;

import org.kie.api.definition.type.Expires;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * Something a detector found unusual about a device's readings, raised by a rule with {@code act.anomaly(...)} and
 * seen by every package's rules.
 *
 * @param device the thing id
 * @param key    the property, {@code feature/property}
 * @param kind   {@code stuck}, {@code rate}, {@code range}, {@code neighbours}, ...
 * @param value  the reading that was found unusual
 * @param reason a sentence for people
 * @param time   epoch milliseconds
 */
@Role(Role.Type.EVENT)
@Timestamp("time")
@Expires("24h")
public record Anomaly(String device, String key, String kind, double value, String reason, long time) {
    public Anomaly {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }
}
