package io.twingraph.engine.ingest;

import java.util.HashMap;
import java.util.Map;

import io.twingraph.twins.Delivery;

/**
 * Recognises a message the broker delivers again (MQTT's DUP flag) that is already journaled: same transport key
 * (client and packet id) and same fingerprint (topic and payload) as one of the last {@code window} journaled
 * deliveries. A packet id is reused once acknowledged, so the key alone is not enough, and looking back further than
 * the transport can leave unacknowledged would let an old message with the same id and payload pass for the original.
 * Only the writer thread uses it.
 */
final class RedeliveryFilter {
    private final int window;
    /** key -> {fingerprint, ordinal of the delivery} */
    private final Map<String, long[]> latest = new HashMap<>();
    private long ordinal;

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

    /** Whether a redelivered message is one already journaled. */
    boolean alreadyJournaled(Delivery.MessageId id) {
        long[] slot = latest.get(id.key());
        return slot != null && slot[0] == id.fingerprint() && ordinal - slot[1] < window;
    }
}
