package io.twingraph.twins.store;

import org.eclipse.ditto.json.JsonMergePatch;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Feature;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;

/**
 * The hot path of ingestion: a merge that only changes properties of existing features (what telemetry is) is
 * applied to those features' property objects alone, instead of re-parsing the whole twin from JSON. Gives the
 * same result as the general merge; returns null for any merge it does not cover, which then takes the general way.
 */
final class PropertyMerge {
    private PropertyMerge() {
    }

    static Thing tryApply(ThingId id, Thing before, ThingPath path, JsonValue patch, boolean device) {
        if (path.kind() == ThingPath.Kind.FEATURES) {
            return patch.isObject() ? mergeFeatures(id, before, patch.asObject(), device) : null;
        }
        if (path.kind() == ThingPath.Kind.FEATURE_PROPERTIES || path.kind() == ThingPath.Kind.FEATURE_PROPERTY) {
            return mergeProperties(id, before, path.featureId(), path.inner(), patch, device);
        }
        return null;
    }

    /** {@code {"f": {"properties": {...}}, ...}}: only "properties" members, only existing features. */
    private static Thing mergeFeatures(ThingId id, Thing before, JsonObject patch, boolean device) {
        for (var field : patch) {
            JsonValue featurePatch = field.getValue();
            if (!featurePatch.isObject() || featurePatch.asObject().getSize() != 1
                    || !featurePatch.asObject().contains("properties")
                    || before.getFeatures().flatMap(fs -> fs.getFeature(field.getKey().toString())).isEmpty()) {
                return null;
            }
        }
        Thing thing = before;
        for (var field : patch) {
            JsonValue properties = field.getValue().asObject().getValue("properties").orElseThrow();
            thing = mergeProperties(id, thing, field.getKey().toString(), JsonPointer.empty(), properties, device);
            if (thing == null) {
                return null;
            }
        }
        return thing;
    }

    private static Thing mergeProperties(ThingId id, Thing thing, String featureId, JsonPointer inner, JsonValue patch,
                                         boolean device) {
        Feature feature = thing.getFeatures().flatMap(fs -> fs.getFeature(featureId)).orElse(null);
        if (feature == null) {
            return null;
        }
        JsonObject current = feature.getProperties().map(p -> (JsonObject) p).orElse(JsonObject.empty());
        if (device) {
            JsonValue existing = inner.isEmpty() ? current : current.getValue(inner).orElse(null);
            DeviceInputRules.check(id, existing, JsonPointer.empty(),
                    JsonPointer.of("/features/" + featureId + "/properties").append(inner), patch);
        }
        JsonValue merged = JsonMergePatch.of(inner, patch).applyOn(current);
        if (!merged.isObject()) {
            return null;
        }
        return thing.setFeatureProperties(featureId, ThingsModelFactory.newFeatureProperties(merged.asObject()));
    }
}
