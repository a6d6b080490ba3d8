package io.twingraph.api.things;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.ditto.base.model.common.HttpStatus;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.json.JsonField;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.exceptions.AttributeNotModifiableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.AttributesNotModifiableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureDefinitionNotModifiableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureDesiredPropertiesNotModifiableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureDesiredPropertyNotModifiableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureNotModifiableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeaturePropertiesNotModifiableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeaturePropertyNotModifiableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeaturesNotModifiableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.PolicyIdNotModifiableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingDefinitionNotModifiableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotCreatableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotModifiableException;

import io.twingraph.twins.policy.ThingAccess;

/**
 * The things API's policy checks, as Ditto makes them: a thing the caller may read nothing of is 404 exactly like a
 * missing one; a write without WRITE on everything it changes is 403 with Ditto's {@code *.notmodifiable} error of
 * the resource; creating a thing, or giving it another policy id, needs WRITE on {@code thing:/} under the policy that
 * will govern it.
 */
final class ThingPolicyGate {
    private static final JsonPointer ROOT = JsonPointer.empty();

    private ThingPolicyGate() {
    }

    /** The caller's view of a thing; 404 when it may read nothing of it (or it does not exist). */
    static Thing readable(ThingAccess access, ThingId id, Optional<Thing> thing) {
        return thing.flatMap(access::view).orElseThrow(() -> ThingNotAccessibleException.newBuilder(id).build());
    }

    /** A PUT or DELETE of {@code resource} (a PUT of a thing that does not exist yet creates it: see {@link #create}). */
    static void replace(ThingAccess access, ThingResource resource) {
        if (!access.canWrite(resource.thingId(), resource.pointer())) {
            throw refusal(access, resource);
        }
    }

    /** A merge patch: WRITE on every leaf it sets or removes (an empty object or a scalar is a leaf). */
    static void merge(ThingAccess access, ThingResource resource, JsonValue patch) {
        for (JsonPointer path : leaves(resource.pointer(), patch)) {
            if (!access.canWrite(resource.thingId(), path)) {
                throw refusal(access, resource);
            }
        }
    }

    /** Creating a thing governed by {@code policyId} (its stored policy, else its site's or the default). */
    static void create(ThingAccess access, ThingId id, PolicyId policyId) {
        if (!access.canWriteUnder(id, policyId, ROOT)) {
            throw ThingNotCreatableException.newBuilderForOtherReason(HttpStatus.FORBIDDEN, id, policyId,
                    "WRITE on thing:/ is required under the policy that would govern it.").build();
        }
    }

    /** Moving a thing under another policy: the caller must be allowed to write it there too. */
    static void changePolicy(ThingAccess access, ThingResource resource, PolicyId next) {
        if (!access.canWriteUnder(resource.thingId(), next, ROOT)) {
            throw PolicyIdNotModifiableException.newBuilder(resource.thingId())
                    .message("The policyId of the Thing with ID '" + resource.thingId() + "' could not be changed to '"
                            + next + "': WRITE on thing:/ is required under that policy too.").build();
        }
    }

    /** The paths a merge patch at {@code base} writes. */
    static List<JsonPointer> leaves(JsonPointer base, JsonValue patch) {
        List<JsonPointer> out = new ArrayList<>();
        collect(base, patch, out);
        return out;
    }

    private static void collect(JsonPointer at, JsonValue value, List<JsonPointer> out) {
        if (!value.isObject() || value.asObject().isEmpty()) {
            out.add(at);
            return;
        }
        for (JsonField field : value.asObject()) {
            collect(at.addLeaf(field.getKey()), field.getValue(), out);
        }
    }

    private static DittoRuntimeException refusal(ThingAccess access, ThingResource resource) {
        ThingId id = resource.thingId();
        if (!access.canRead(id, ROOT)) {
            return ThingNotAccessibleException.newBuilder(id).build();
        }
        String feature = resource.featureId();
        switch (resource.kind()) {
            case POLICY_ID:
                return PolicyIdNotModifiableException.newBuilder(id).build();
            case DEFINITION:
                return ThingDefinitionNotModifiableException.newBuilder(id).build();
            case ATTRIBUTES:
                return AttributesNotModifiableException.newBuilder(id).build();
            case ATTRIBUTE:
                return AttributeNotModifiableException.newBuilder(id, resource.inner()).build();
            case FEATURES:
                return FeaturesNotModifiableException.newBuilder(id).build();
            case FEATURE:
                return FeatureNotModifiableException.newBuilder(id, feature).build();
            case FEATURE_DEFINITION:
                return FeatureDefinitionNotModifiableException.newBuilder(id, feature).build();
            case FEATURE_PROPERTIES:
                return FeaturePropertiesNotModifiableException.newBuilder(id, feature).build();
            case FEATURE_PROPERTY:
                return FeaturePropertyNotModifiableException.newBuilder(id, feature, resource.inner()).build();
            case FEATURE_DESIRED_PROPERTIES:
                return FeatureDesiredPropertiesNotModifiableException.newBuilder(id, feature).build();
            case FEATURE_DESIRED_PROPERTY:
                return FeatureDesiredPropertyNotModifiableException.newBuilder(id, feature, resource.inner()).build();
            default:
                return ThingNotModifiableException.newBuilder(id).build();
        }
    }
}
