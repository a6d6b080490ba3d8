package io.twingraph.twins.policy;

import java.util.Optional;

import org.eclipse.ditto.base.model.auth.AuthorizationContext;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.policies.model.Permissions;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.policies.model.ResourceKey;
import org.eclipse.ditto.policies.model.enforcers.Enforcer;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingBuilder;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;

/** A caller's access: its authorization subjects against the enforcer of each thing's governing policy. */
final class SubjectAccess implements ThingAccess {
    private static final Permissions READ = Permissions.newInstance("READ");
    private static final Permissions WRITE = Permissions.newInstance("WRITE");
    private static final ResourceKey WHOLE_THING = thing(JsonPointer.empty());

    private final ThingPermissions permissions;
    private final AuthorizationContext caller;

    SubjectAccess(ThingPermissions permissions, AuthorizationContext caller) {
        this.permissions = permissions;
        this.caller = caller;
    }

    @Override
    public boolean canRead(ThingId thingId, JsonPointer path) {
        return permissions.enforcer(thingId).map(e -> e.hasPartialPermissions(thing(path), caller, READ)).orElse(false);
    }

    @Override
    public boolean canReadAll(ThingId thingId, JsonPointer path) {
        return permissions.enforcer(thingId).map(e -> e.hasUnrestrictedPermissions(thing(path), caller, READ)).orElse(false);
    }

    @Override
    public boolean canWrite(ThingId thingId, JsonPointer path) {
        return permissions.enforcer(thingId).map(e -> e.hasUnrestrictedPermissions(thing(path), caller, WRITE)).orElse(false);
    }

    @Override
    public boolean canWriteUnder(ThingId thingId, PolicyId policyId, JsonPointer path) {
        return permissions.enforcerUnder(thingId, Optional.of(policyId))
                .map(e -> e.hasUnrestrictedPermissions(thing(path), caller, WRITE)).orElse(false);
    }

    @Override
    public Optional<Thing> view(Thing thing) {
        ThingId id = thing.getEntityId().orElseThrow();
        Optional<Enforcer> enforcer = permissions.enforcerUnder(id, thing.getPolicyId());
        if (enforcer.isEmpty() || !enforcer.get().hasPartialPermissions(WHOLE_THING, caller, READ)) {
            return Optional.empty();
        }
        if (enforcer.get().hasUnrestrictedPermissions(WHOLE_THING, caller, READ)) {
            return Optional.of(thing);
        }
        JsonObject visible = enforcer.get().buildJsonView(WHOLE_THING, thing.toJson(), caller, READ)
                // Ditto shows the id to anyone who may read any part of the thing
                .setValue("thingId", id.toString());
        ThingBuilder.FromCopy copy = ThingsModelFactory.newThing(visible).toBuilder();
        thing.getRevision().ifPresent(copy::setRevision);
        thing.getModified().ifPresent(copy::setModified);
        thing.getCreated().ifPresent(copy::setCreated);
        return Optional.of(copy.build());
    }

    @Override
    public boolean isUnrestricted() {
        return false;
    }

    private static ResourceKey thing(JsonPointer path) {
        return ResourceKey.newInstance("thing", path);
    }
}
