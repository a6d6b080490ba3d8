package io.twingraph.engine.journal;

import java.time.Instant;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.twins.TwinCommand;

/**
 * What a {@link Journal#redact} did.
 *
 * @param replaced          entries replaced by a placeholder
 * @param keptUncommitted   selected entries left as they were because the twin store did not hold them yet (0 when
 *                          the store was committed first, as the engine does)
 * @param segmentsRewritten segment files written anew
 */
public record JournalRedaction(long replaced, long keptUncommitted, int segmentsRewritten) {
    /** The thing every placeholder names: an id no twin can have by accident, in a namespace of its own. */
    public static final ThingId ERASED_THING = ThingId.of("twingraph.erased:entry");
    /** The source and correlation id of a placeholder. */
    public static final String ERASED = "erased";

    /** The entry that stands where an erased one was: its sequence and message id, nothing of what it said. */
    public static JournalEntry placeholder(JournalEntry erased) {
        return new JournalEntry(erased.sequence(), Instant.EPOCH,
                new TwinCommand.Delete(ERASED_THING, JsonPointer.empty(), TwinCommand.Origin.SYSTEM, ERASED), ERASED,
                erased.messageId());
    }

    /** Whether the entry is a placeholder. */
    public static boolean isPlaceholder(JournalEntry entry) {
        return ERASED_THING.equals(entry.command().thingId());
    }
}
