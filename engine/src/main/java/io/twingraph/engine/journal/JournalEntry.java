package io.twingraph.engine.journal;

import java.time.Instant;
import java.util.Objects;

import io.twingraph.twins.Delivery;
import io.twingraph.twins.TwinCommand;

/**
 * One accepted command as journaled: what to apply and the instant it was applied at, so that a replay yields the same
 * twins (revisions and modification times included) as the first run did.
 *
 * @param sequence  its number; the journal's entries are numbered 1, 2, 3... without gaps
 * @param timestamp the instant the writer applied it (the twin's modification time)
 * @param command   the command, with its origin and correlation id
 * @param source    where it came from (an MQTT topic, {@code api}...)
 * @param messageId the transport's identity of the message that carried it, for recognising a redelivery; null when
 *                  the transport does not redeliver
 */
public record JournalEntry(long sequence, Instant timestamp, TwinCommand command, String source,
                           Delivery.MessageId messageId) {
    public JournalEntry {
        if (sequence < 1) {
            throw new IllegalArgumentException("journal sequences start at 1, got " + sequence);
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(source, "source");
    }
}
