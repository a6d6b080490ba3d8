package io.twingraph.twins.ditto.live;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.ditto.things.model.ThingId;

/**
 * Ditto's revision of every followed thing (TwinGraph's own revisions differ), and what to do with a change given it:
 * every Ditto event raises its thing's revision by one, so the next one is applied, older or repeated ones are
 * dropped, and a jump means changes were missed: the thing is fetched again. Deleted things keep their last revision
 * (a late event about them is old). Used by the follower's thread only.
 */
final class RevisionTracker {

    enum Decision {
        /** The next change: apply it. */
        APPLY,
        /** Seen already (a duplicate) or older than what is applied (out of order): drop it. */
        DROP,
        /** Changes before it were missed, or the thing is unknown: fetch the thing and replace it. */
        FETCH
    }

    private final Map<ThingId, Long> live = new HashMap<>();
    private final Map<ThingId, Long> deleted = new HashMap<>();

    /**
     * @param wholeThing the change alone decides the thing's state (created, replaced or deleted at {@code /}), so it
     *                   may be applied over a gap
     */
    Decision decide(ThingId id, long revision, boolean wholeThing) {
        if (revision < 0) {
            return Decision.FETCH;
        }
        Long known = live.get(id);
        if (known == null) {
            Long tombstone = deleted.get(id);
            if (tombstone == null) {
                return wholeThing ? Decision.APPLY : Decision.FETCH;
            }
            if (revision <= tombstone) {
                // late news about a deleted thing, unless it was created anew and Ditto counted from scratch: ask
                return wholeThing ? Decision.FETCH : Decision.DROP;
            }
            return revision == tombstone + 1 || wholeThing ? Decision.APPLY : Decision.FETCH;
        }
        if (revision <= known) {
            return Decision.DROP;
        }
        return revision == known + 1 || wholeThing ? Decision.APPLY : Decision.FETCH;
    }

    /** The thing is at this revision in Ditto and locally. */
    void at(ThingId id, long revision) {
        live.put(id, revision);
        deleted.remove(id);
    }

    /** The thing is gone, last seen at this revision (0 when unknown). */
    void gone(ThingId id, long revision) {
        Long known = live.remove(id);
        deleted.put(id, Math.max(revision, known == null ? 0 : known));
    }

    /** Ditto's revision of a followed thing, or -1. */
    long revision(ThingId id) {
        return live.getOrDefault(id, -1L);
    }

    Set<ThingId> followed() {
        return live.keySet();
    }

    int size() {
        return live.size();
    }
}
