package io.twingraph.twins.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

/**
 * What one caller may do with twins, decided by the policy that governs each thing (see {@link ThingPermissions}) with
 * Ditto's own enforcer. Paths are Ditto's resource paths inside a thing: {@code /} (the whole thing),
 * {@code /attributes/name}, {@code /features/light/properties/on}...
 *
 * <p>Reading follows Ditto: a caller who may read any part of a thing sees the thing (its id and the parts it may
 * read); a caller who may read nothing of it does not see it at all. Writing needs WRITE on the whole path written.
 */
public interface ThingAccess {
    /** Administrators: every twin, every part, no policy consulted. */
    ThingAccess UNRESTRICTED = new ThingAccess() {
        @Override
        public boolean canRead(ThingId thingId, JsonPointer path) {
            return true;
        }

        @Override
        public boolean canReadAll(ThingId thingId, JsonPointer path) {
            return true;
        }

        @Override
        public boolean canWrite(ThingId thingId, JsonPointer path) {
            return true;
        }

        @Override
        public boolean canWriteUnder(ThingId thingId, PolicyId policyId, JsonPointer path) {
            return true;
        }

        @Override
        public Optional<Thing> view(Thing thing) {
            return Optional.of(thing);
        }

        @Override
        public boolean isUnrestricted() {
            return true;
        }
    };

    /** Whether the caller may read something at or below {@code path} (Ditto's partial READ permission). */
    boolean canRead(ThingId thingId, JsonPointer path);

    /** Whether the caller may read everything at and below {@code path} (Ditto's unrestricted READ permission). */
    boolean canReadAll(ThingId thingId, JsonPointer path);

    /** Whether the caller may write everything at and below {@code path} of an existing thing. */
    boolean canWrite(ThingId thingId, JsonPointer path);

    /**
     * Whether the caller may write {@code path} of a thing as if it were governed by the thing policy id
     * {@code policyId}: for a thing being created, or a thing whose policy id is being changed.
     */
    boolean canWriteUnder(ThingId thingId, PolicyId policyId, JsonPointer path);

    /**
     * The part of a thing the caller may read (Ditto's JSON view, always with the thing id, revision and times), or
     * empty when it may read nothing of it.
     */
    Optional<Thing> view(Thing thing);

    /** True for {@link #UNRESTRICTED}: callers may skip views and checks. */
    boolean isUnrestricted();

    /** The readable view of each thing the caller may see, in the given order. */
    default List<Thing> visible(Collection<Thing> things) {
        if (isUnrestricted()) {
            return List.copyOf(things);
        }
        List<Thing> out = new ArrayList<>(things.size());
        for (Thing thing : things) {
            view(thing).ifPresent(out::add);
        }
        return out;
    }
}
