package io.twingraph.engine.access;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.twins.policy.ThingAccess;

/**
 * Which twins, and which parts of them, one caller may read: what the policy-filtered SPARQL view
 * ({@link VisibleDataset}) asks about every twin IRI a query touches. Paths are Ditto resource paths inside the thing
 * ({@code /}, {@code /attributes/name}, {@code /features/light/properties/on}). Implementations answer from the
 * caller's policies ({@link #of(ThingAccess)}); the view caches each answer for the length of one query.
 */
public interface ThingVisibility {
    /** Everything: administrators and in-process callers. {@link VisibleDataset#of} returns the dataset unwrapped. */
    ThingVisibility ALL = new ThingVisibility() {
        @Override
        public boolean canRead(ThingId thingId, JsonPointer path) {
            return true;
        }

        @Override
        public boolean canReadAll(ThingId thingId, JsonPointer path) {
            return true;
        }
    };

    /** What a caller's twin access lets it read; {@link #ALL} when the access is unrestricted. */
    static ThingVisibility of(ThingAccess access) {
        if (access.isUnrestricted()) {
            return ALL;
        }
        return new ThingVisibility() {
            @Override
            public boolean canRead(ThingId thingId, JsonPointer path) {
                return access.canRead(thingId, path);
            }

            @Override
            public boolean canReadAll(ThingId thingId, JsonPointer path) {
                return access.canReadAll(thingId, path);
            }
        };
    }

    /**
     * Whether anything at or below {@code path} is readable (Ditto's partial READ); for the root path, whether the
     * caller sees the thing at all.
     */
    boolean canRead(ThingId thingId, JsonPointer path);

    /** Whether everything at and below {@code path} is readable (Ditto's unrestricted READ). */
    boolean canReadAll(ThingId thingId, JsonPointer path);
}
