package io.twingraph.twins;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.twins.store.TwinStores;

/**
 * The embedded twin store: every twin's current state, kept in memory and persisted on disk.
 *
 * <p>Reads ({@link #get}, {@link #all}) are safe from any thread and see whole, immutable things. {@link #apply}
 * belongs to one writer thread (the engine's); {@link #commit} may run on another thread at the same time. A change
 * is visible to readers as soon as it is applied and survives a restart once committed. Close the store to release
 * its file.
 */
public interface TwinStore extends AutoCloseable {

    /** Opens (or creates) a store persisted in the given file. */
    static TwinStore open(Path file) {
        return TwinStores.open(file);
    }

    /** A store that keeps nothing on disk (tests, evaluations). */
    static TwinStore inMemory() {
        return TwinStores.inMemory();
    }

    Optional<Thing> get(ThingId thingId);

    /** A snapshot of all twins, in no particular order. */
    Collection<Thing> all();

    int size();

    /**
     * Applies one command with Ditto's semantics and returns what happened. The new state gets the next revision and
     * {@code now} as its modification time.
     *
     * <p>Device input ({@link TwinCommand.Origin#DEVICE}) must keep each property's JSON type (a number stays a number)
     * and may not delete with {@code null}; violations throw a {@code twins:telemetry.type} error.
     *
     * @throws org.eclipse.ditto.base.model.exceptions.DittoRuntimeException Ditto's own error for a missing thing,
     *                                                                        feature or property, or a conflict
     * @throws io.twingraph.error.TwinGraphException                          for invalid paths and typed device input
     */
    default TwinEvent apply(TwinCommand command, Instant now) {
        return apply(command, now, 0);
    }

    /**
     * Applies a journaled command, as {@link #apply(TwinCommand, Instant)}, and remembers its journal sequence: the next
     * {@link #commit} stores the highest sequence applied with the twins, in the same atomic write, so after a crash
     * exactly the journal entries above {@link #committedSequence()} need replaying. A command that is refused (throws)
     * counts as applied too: replaying it would only refuse it again.
     *
     * @param journalSequence the command's journal sequence; 0 for a command that is not journaled
     */
    TwinEvent apply(TwinCommand command, Instant now, long journalSequence);

    /** Makes every change applied before the call durable. Safe to call from another thread than the writer's. */
    void commit();

    /**
     * The highest journal sequence whose change the last {@link #commit} made durable (0 for a new store, or one that
     * keeps nothing on disk). Journal entries up to it are no longer needed for recovery.
     */
    long committedSequence();

    /**
     * Commits, then rewrites the store's file with the current twins only. The file is written copy-on-write: a
     * deleted twin is unreachable after the commit, but its bytes stay in the file's free space until then (privacy
     * erasure calls this). Readers go on; commits wait. Nothing to do for a store in memory.
     */
    default void compactFile() {
    }

    @Override
    void close();
}
