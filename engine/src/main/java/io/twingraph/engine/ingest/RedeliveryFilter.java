package io.twingraph.engine.ingest;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.twingraph.twins.Delivery;

/**
 * Recognises a message the broker delivers again at the head of a resumed connection that is already journaled: same
 * transport key (client and packet id) and same fingerprint (topic and payload) as one of the last {@code window}
 * journaled deliveries. A packet id is reused once acknowledged, so the key alone is not enough, and looking back
 * further than the transport can leave unacknowledged would let an old message with the same id and payload pass for
 * the original. The journaled repeats come first on a resumed connection, so the first message there that is not one
 * of them ends the search on that connection ({@link #finish}). Only the writer thread uses it.
 */
final class RedeliveryFilter {
    private final int window;
    /** key -> {fingerprint, ordinal of the delivery} */
    private final Map<String, long[]> latest = new HashMap<>();
    private long ordinal;
    /** Connections whose redeliveries are over; a few recent ones are enough (they only ever grow older). */
    private final Set<String> finished = new LinkedHashSet<>();

    RedeliveryFilter(int window) {
        this.window = window;
    }

    /** A journaled delivery, in journal order. */
    void remember(Delivery.MessageId id) {
        long[] slot = latest.get(id.key());
        if (slot == null) {
            latest.put(id.key(), new long[] {id.fingerprint(), ++ordinal});
        } else {
            slot[0] = id.fingerprint();
            slot[1] = ++ordinal;
        }
    }

    /** Whether a message that may be a redelivery is one already journaled. */
    boolean alreadyJournaled(Delivery.MessageId id) {
        long[] slot = latest.get(id.key());
        return slot != null && slot[0] == id.fingerprint() && ordinal - slot[1] < window;
    }

    /** Whether the connection has delivered something new, after which nothing on it can be a repeat. */
    boolean finished(String connection) {
        return finished.contains(connection);
    }

    void finish(String connection) {
        finished.add(connection);
        if (finished.size() > 64) {
            finished.remove(finished.iterator().next());
        }
    }
}
