package io.twingraph.twins.simulation;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.protocol.JsonifiableAdaptable;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.eclipse.ditto.things.model.signals.commands.modify.ThingModifyCommand;

/**
 * What devices put on the wire and take from it: plain and Ditto Protocol commands in, Ditto Protocol merge
 * messages out (plain telemetry is the report JSON as is). Built on Ditto's own classes. Thread-safe.
 */
final class DeviceMessages {
    private final DittoProtocolAdapter adapter = DittoProtocolAdapter.newInstance();

    /** One desired property value. */
    record Desired(String feature, String property, JsonValue value) {
    }

    /** A Ditto command, reduced to what a device needs. */
    record DittoCommand(ThingId thingId, List<Desired> values, String correlationId) {
    }

    /**
     * Reads a plain command, {@code {"<featureId>": {"<property>": value}}}.
     *
     * @throws IllegalArgumentException when it is not of that shape
     */
    List<Desired> plainCommand(String payload) {
        JsonValue json = JsonFactory.readFrom(payload);
        if (!json.isObject()) {
            throw new IllegalArgumentException("a plain command is a JSON object of features");
        }
        return desired(json.asObject(), false);
    }

    /**
     * Reads a Ditto Protocol modify or merge command (live or twin channel) into the property values it sets.
     *
     * @throws IllegalArgumentException (or a Ditto exception) when it is not such a command
     */
    DittoCommand dittoCommand(String payload) {
        JsonifiableAdaptable adaptable = ProtocolFactory.jsonifiableAdaptableFromJson(
                JsonFactory.readFrom(payload).asObject());
        Signal<?> signal = adapter.fromAdaptable(adaptable);
        if (!(signal instanceof ThingModifyCommand<?> command)) {
            throw new IllegalArgumentException("not a thing modify/merge command: " + signal.getType());
        }
        JsonPointer path;
        JsonValue value;
        if (command instanceof MergeThing merge) {
            path = merge.getPath();
            value = merge.getValue();
        } else {
            path = command.getResourcePath();
            value = command.getEntity(JsonSchemaVersion.V_2)
                    .orElseThrow(() -> new IllegalArgumentException("a " + signal.getType() + " sets no value"));
        }
        JsonValue thing = path.isEmpty() ? value : JsonObject.empty().setValue(path, value);
        if (!thing.isObject()) {
            throw new IllegalArgumentException("nothing to set at " + path);
        }
        JsonObject features = thing.asObject().getValue("features").filter(JsonValue::isObject)
                .map(JsonValue::asObject)
                .orElseThrow(() -> new IllegalArgumentException("a device obeys feature properties only, not " + path));
        return new DittoCommand(command.getEntityId(), desired(features, true),
                signal.getDittoHeaders().getCorrelationId().orElse(null));
    }

    /** A Ditto Protocol {@code things/twin/commands/merge} message reporting the given feature properties. */
    String dittoTelemetry(ThingId thingId, JsonObject report, String correlationId) {
        DittoHeaders headers = correlationId == null ? DittoHeaders.empty()
                : DittoHeaders.newBuilder().correlationId(correlationId).build();
        MergeThing merge;
        if (report.getSize() == 1) {
            var feature = report.iterator().next();
            merge = MergeThing.withFeatureProperties(thingId, feature.getKey().toString(),
                    ThingsModelFactory.newFeatureProperties(feature.getValue().asObject()), headers);
        } else {
            merge = MergeThing.withFeatures(thingId,
                    ThingsModelFactory.newFeatures(Device.asDittoFeatures(report)), headers);
        }
        return ProtocolFactory.wrapAsJsonifiableAdaptable(adapter.toAdaptable(merge)).toJsonString();
    }

    /** Flattens features to property values; Ditto features nest properties under {@code "properties"}. */
    private static List<Desired> desired(JsonObject features, boolean dittoShape) {
        List<Desired> values = new ArrayList<>();
        for (var feature : features) {
            if (!feature.getValue().isObject()) {
                throw new IllegalArgumentException("feature '" + feature.getKey() + "' is not an object");
            }
            JsonObject properties = feature.getValue().asObject();
            if (dittoShape) {
                properties = properties.getValue("properties").filter(JsonValue::isObject).map(JsonValue::asObject)
                        .orElse(JsonObject.empty());
            }
            for (var property : properties) {
                values.add(new Desired(feature.getKey().toString(), property.getKey().toString(), property.getValue()));
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the command sets no property");
        }
        return values;
    }
}
