package io.twingraph.twins;

import java.util.Locale;

import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

/** How commands reach a device, from the twin's {@code protocol} attribute ({@code plain} unless it says {@code ditto}). */
public enum DeviceProtocol {
    PLAIN, DITTO;

    public static DeviceProtocol of(Thing thing) {
        return thing.getAttributes()
                .flatMap(a -> a.getValue("protocol"))
                .filter(JsonValue::isString)
                .map(v -> v.asString().toLowerCase(Locale.ROOT))
                .filter("ditto"::equals)
                .map(v -> DITTO)
                .orElse(PLAIN);
    }
}
