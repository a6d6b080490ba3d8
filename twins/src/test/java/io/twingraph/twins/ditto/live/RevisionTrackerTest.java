package io.twingraph.twins.ditto.live;

import static io.twingraph.twins.ditto.live.RevisionTracker.Decision.APPLY;
import static io.twingraph.twins.ditto.live.RevisionTracker.Decision.DROP;
import static io.twingraph.twins.ditto.live.RevisionTracker.Decision.FETCH;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.Test;

class RevisionTrackerTest {
    private static final ThingId ID = ThingId.of("org.eclipse.ditto:t");

    @Test
    void nextIsAppliedRepeatsAndOlderDroppedJumpsFetched() {
        RevisionTracker t = new RevisionTracker();
        t.at(ID, 4);
        assertEquals(APPLY, t.decide(ID, 5, false));
        assertEquals(DROP, t.decide(ID, 4, false));
        assertEquals(DROP, t.decide(ID, 2, false));
        assertEquals(FETCH, t.decide(ID, 7, false));
        assertEquals(APPLY, t.decide(ID, 7, true), "a whole thing may skip revisions: it is the state");
        assertEquals(FETCH, t.decide(ID, -1, false), "no revision: ask Ditto");
    }

    @Test
    void unknownThingsAreFetchedUnlessTheChangeIsTheWholeThing() {
        RevisionTracker t = new RevisionTracker();
        assertEquals(FETCH, t.decide(ID, 3, false));
        assertEquals(APPLY, t.decide(ID, 1, true));
    }

    @Test
    void deletedThingsIgnoreLateNewsButNotARecreation() {
        RevisionTracker t = new RevisionTracker();
        t.at(ID, 4);
        t.gone(ID, 5);
        assertEquals(-1, t.revision(ID));
        assertEquals(DROP, t.decide(ID, 5, false));
        assertEquals(FETCH, t.decide(ID, 3, true), "created again but counted from scratch? ask");
        assertEquals(APPLY, t.decide(ID, 6, true));
        assertEquals(0, t.size());
    }
}
