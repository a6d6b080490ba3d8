package io.twingraph.twins;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

/**
 * What happened to a twin: the action at a path, the twin's new revision, and the whole twin before and after.
 *
 * @param before   the twin before the change; null when it was created
 * @param after    the twin after the change; null when it was deleted
 * @param value    the value set or merged at {@code path}; null for deletions
 * @param sequence the journal sequence number of the command that caused it (0 when it was not journaled); the same
 *                 command always has the same number, in its first run and in a replay after a crash
 * @param replayed true when the event is being applied again at start, from the journal, after a crash: it happened
 *                 before, and whatever a listener did about it the first time may already have been done
 */
public record TwinEvent(ThingId thingId, long revision, Instant timestamp, Action action, JsonPointer path,
                        JsonValue value, Thing before, Thing after, TwinCommand.Origin origin, String correlationId,
                        long sequence, boolean replayed) {

    /** Past tense, as Ditto names its events ({@code ThingCreated}, {@code FeaturePropertyModified}...). */
    public enum Action {
        /** The resource at the path did not exist before. */
        CREATED,
        /** The resource at the path was replaced. */
        MODIFIED,
        /** A merge patch was applied at the path. */
        MERGED,
        /** The resource at the path was removed. */
        DELETED
    }

    public TwinEvent {
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(correlationId, "correlationId");
        if (before == null && after == null) {
            throw new IllegalArgumentException("an event needs the twin before or after the change");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("a journal sequence is never negative");
        }
    }

    /** An event that was not journaled (sequence 0) and is not a replay. */
    public TwinEvent(ThingId thingId, long revision, Instant timestamp, Action action, JsonPointer path,
                     JsonValue value, Thing before, Thing after, TwinCommand.Origin origin, String correlationId) {
        this(thingId, revision, timestamp, action, path, value, before, after, origin, correlationId, 0, false);
    }

    /** This event, marked as replayed from the journal. */
    public TwinEvent asReplayed() {
        return replayed ? this : new TwinEvent(thingId, revision, timestamp, action, path, value, before, after, origin,
                correlationId, sequence, true);
    }

    public Optional<Thing> beforeThing() {
        return Optional.ofNullable(before);
    }

    public Optional<Thing> afterThing() {
        return Optional.ofNullable(after);
    }

    public Optional<JsonValue> valueIfAny() {
        return Optional.ofNullable(value);
    }

    /** True when the whole thing was created or deleted (path {@code /}). */
    public boolean isWholeThing() {
        return path.isEmpty();
    }
}
