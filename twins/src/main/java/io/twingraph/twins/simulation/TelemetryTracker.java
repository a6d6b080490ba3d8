package io.twingraph.twins.simulation;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.json.JsonValue;

/**
 * Decides what one device publishes: the properties that moved beyond their deadband since they were last
 * published, or everything when its heartbeat is due. Remembers what was published, not what was computed, so a
 * slow drift is reported once it adds up.
 */
final class TelemetryTracker {
    private JsonObject published = JsonObject.empty();
    private Instant nextHeartbeat;

    /** @param firstHeartbeat when to publish everything first; staggered per device so heartbeats do not bunch up */
    TelemetryTracker(Instant firstHeartbeat) {
        this.nextHeartbeat = firstHeartbeat;
    }

    /** The properties to publish now; an empty object when nothing is due. */
    JsonObject due(JsonObject current, Instant now, Duration heartbeat) {
        if (!now.isBefore(nextHeartbeat)) {
            while (!now.isBefore(nextHeartbeat)) {
                nextHeartbeat = nextHeartbeat.plus(heartbeat);
            }
            return remember(current);
        }
        JsonObjectBuilder changed = JsonObject.newBuilder();
        for (var feature : current) {
            String featureId = feature.getKey().toString();
            JsonObject last = published.getValue(featureId).filter(JsonValue::isObject).map(JsonValue::asObject)
                    .orElse(JsonObject.empty());
            JsonObjectBuilder properties = JsonObject.newBuilder();
            for (var property : feature.getValue().asObject()) {
                String name = property.getKey().toString();
                if (Deadbands.worthReporting(name, last.getValue(name).orElse(null), property.getValue())) {
                    properties.set(name, property.getValue());
                }
            }
            JsonObject props = properties.build();
            if (!props.isEmpty()) {
                changed.set(featureId, props);
            }
        }
        return remember(changed.build());
    }

    /** Records a report that went out outside the deadband logic (a reply to a command). */
    JsonObject remember(JsonObject report) {
        for (var feature : report) {
            String featureId = feature.getKey().toString();
            JsonObject last = published.getValue(featureId).filter(JsonValue::isObject).map(JsonValue::asObject)
                    .orElse(JsonObject.empty());
            published = published.setValue(featureId, last.setAll(feature.getValue().asObject()));
        }
        return report;
    }
}
