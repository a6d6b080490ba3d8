package io.twingraph.twins.store;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.exceptions.AttributeNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.AttributesNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureDefinitionNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureDesiredPropertiesNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureDesiredPropertyNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeaturePropertiesNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeaturePropertyNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeaturesNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.PolicyIdNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingDefinitionNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;

import io.twingraph.error.TwinGraphException;

/**
 * A JSON pointer into a thing, classified the way Ditto's resources are: the thing, its attributes, a feature, a
 * feature's properties... {@code featureId} is set for feature resources, {@code inner} is the part of the pointer
 * below attributes, properties or desired properties.
 */
record ThingPath(Kind kind, String featureId, JsonPointer inner, JsonPointer pointer) {

    enum Kind {
        THING, THING_ID, POLICY_ID, DEFINITION, ATTRIBUTES, ATTRIBUTE, FEATURES, FEATURE, FEATURE_DEFINITION,
        FEATURE_PROPERTIES, FEATURE_PROPERTY, FEATURE_DESIRED_PROPERTIES, FEATURE_DESIRED_PROPERTY;

        boolean isInsideFeature() {
            return ordinal() > FEATURE.ordinal();
        }
    }

    static ThingPath parse(JsonPointer pointer) {
        int levels = pointer.getLevelCount();
        if (levels == 0) {
            return new ThingPath(Kind.THING, null, JsonPointer.empty(), pointer);
        }
        String root = key(pointer, 0);
        switch (root) {
            case "thingId":
                return single(pointer, Kind.THING_ID);
            case "policyId":
                return single(pointer, Kind.POLICY_ID);
            case "definition":
                return single(pointer, Kind.DEFINITION);
            case "attributes":
                return levels == 1 ? new ThingPath(Kind.ATTRIBUTES, null, JsonPointer.empty(), pointer)
                        : new ThingPath(Kind.ATTRIBUTE, null, pointer.nextLevel(), pointer);
            case "features":
                return feature(pointer);
            default:
                throw invalid(pointer);
        }
    }

    private static ThingPath feature(JsonPointer pointer) {
        int levels = pointer.getLevelCount();
        if (levels == 1) {
            return new ThingPath(Kind.FEATURES, null, JsonPointer.empty(), pointer);
        }
        String featureId = key(pointer, 1);
        if (levels == 2) {
            return new ThingPath(Kind.FEATURE, featureId, JsonPointer.empty(), pointer);
        }
        JsonPointer inner = pointer.getSubPointer(3).orElse(JsonPointer.empty());
        switch (key(pointer, 2)) {
            case "definition":
                if (levels != 3) {
                    throw invalid(pointer);
                }
                return new ThingPath(Kind.FEATURE_DEFINITION, featureId, inner, pointer);
            case "properties":
                return new ThingPath(levels == 3 ? Kind.FEATURE_PROPERTIES : Kind.FEATURE_PROPERTY, featureId, inner, pointer);
            case "desiredProperties":
                return new ThingPath(levels == 3 ? Kind.FEATURE_DESIRED_PROPERTIES : Kind.FEATURE_DESIRED_PROPERTY,
                        featureId, inner, pointer);
            default:
                throw invalid(pointer);
        }
    }

    /** Ditto's own "not found" error for this resource. */
    DittoRuntimeException notFound(ThingId thingId) {
        return switch (kind) {
            case THING, THING_ID -> ThingNotAccessibleException.newBuilder(thingId).build();
            case POLICY_ID -> PolicyIdNotAccessibleException.newBuilder(thingId).build();
            case DEFINITION -> ThingDefinitionNotAccessibleException.newBuilder(thingId).build();
            case ATTRIBUTES -> AttributesNotAccessibleException.newBuilder(thingId).build();
            case ATTRIBUTE -> AttributeNotAccessibleException.newBuilder(thingId, inner).build();
            case FEATURES -> FeaturesNotAccessibleException.newBuilder(thingId).build();
            case FEATURE -> FeatureNotAccessibleException.newBuilder(thingId, featureId).build();
            case FEATURE_DEFINITION -> FeatureDefinitionNotAccessibleException.newBuilder(thingId, featureId).build();
            case FEATURE_PROPERTIES -> FeaturePropertiesNotAccessibleException.newBuilder(thingId, featureId).build();
            case FEATURE_PROPERTY -> FeaturePropertyNotAccessibleException.newBuilder(thingId, featureId, inner).build();
            case FEATURE_DESIRED_PROPERTIES ->
                    FeatureDesiredPropertiesNotAccessibleException.newBuilder(thingId, featureId).build();
            case FEATURE_DESIRED_PROPERTY ->
                    FeatureDesiredPropertyNotAccessibleException.newBuilder(thingId, featureId, inner).build();
        };
    }

    /** The pointer of the feature this path is inside of. */
    JsonPointer featurePointer() {
        return JsonPointer.of("/features/" + featureId);
    }

    private static ThingPath single(JsonPointer pointer, Kind kind) {
        if (pointer.getLevelCount() != 1) {
            throw invalid(pointer);
        }
        return new ThingPath(kind, null, JsonPointer.empty(), pointer);
    }

    private static String key(JsonPointer pointer, int level) {
        return pointer.get(level).orElseThrow().toString();
    }

    static TwinGraphException invalid(JsonPointer pointer) {
        return new TwinGraphException("things:path.invalid", TwinGraphException.Kind.NOT_FOUND,
                "The path '" + pointer + "' does not address a resource of a thing.",
                "Use /, /thingId, /policyId, /definition, /attributes[/...], /features[/{featureId}[/definition|"
                        + "/properties[/...]|/desiredProperties[/...]]].");
    }
}
