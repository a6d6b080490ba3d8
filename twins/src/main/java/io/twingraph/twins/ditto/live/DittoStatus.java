package io.twingraph.twins.ditto.live;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How following Ditto goes, for {@code /health}: whether the change stream is open and the graph current, when the last
 * change came and at which revision, the circuit breaker, and the last problem. While Ditto is away TwinGraph serves
 * the last state it had.
 *
 * @param url               Ditto's HTTP root
 * @param state             what the follower is doing
 * @param auth              the kind of credentials (never the secret)
 * @param followingSince    when the current stream was opened and the state loaded; null when not following
 * @param lastEventAt       when the last change notification arrived; null before the first
 * @param lastEventThing    the thing it was about
 * @param lastRevision      its Ditto revision (-1 before the first)
 * @param eventsApplied     changes applied from the stream since start
 * @param eventsDropped     duplicates and out-of-order changes dropped
 * @param thingsFetched     things fetched again (a gap in the revisions, an unreadable change, a refused local change)
 * @param resyncs           full loads (the initial one and one per reconnect)
 * @param things            things followed
 * @param breaker           the circuit breaker's state (CLOSED, OPEN, HALF_OPEN)
 * @param lastErrorAt       when the last problem happened; null if none
 * @param lastError         what it was
 */
public record DittoStatus(String url, State state, String auth, Instant followingSince, Instant lastEventAt,
                          String lastEventThing, long lastRevision, long eventsApplied, long eventsDropped,
                          long thingsFetched, long resyncs, int things, String breaker, Instant lastErrorAt,
                          String lastError) {

    /** What the follower is doing. */
    public enum State {
        /** Not started yet. */
        STARTING,
        /** Opening the change stream. */
        CONNECTING,
        /** Stream open; loading every thing through the search (first start or after a reconnect). */
        LOADING,
        /** Loaded and applying changes as they come: the graph is current. */
        FOLLOWING,
        /** Ditto cannot be reached or the stream broke; retrying with backoff, serving the last known state. */
        DISCONNECTED,
        /** Closed. */
        STOPPED
    }

    /** True when the stream is open and the initial (re)load is done. */
    public boolean following() {
        return state == State.FOLLOWING;
    }

    /** Plain values (strings, numbers, booleans, nulls) for a JSON body. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("state", state.name());
        m.put("following", following());
        m.put("auth", auth);
        m.put("followingSince", text(followingSince));
        m.put("lastEventAt", text(lastEventAt));
        m.put("lastEventThing", lastEventThing);
        m.put("lastRevision", lastRevision);
        m.put("eventsApplied", eventsApplied);
        m.put("eventsDropped", eventsDropped);
        m.put("thingsFetched", thingsFetched);
        m.put("resyncs", resyncs);
        m.put("things", things);
        m.put("breaker", breaker);
        m.put("lastErrorAt", text(lastErrorAt));
        m.put("lastError", lastError);
        return m;
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
