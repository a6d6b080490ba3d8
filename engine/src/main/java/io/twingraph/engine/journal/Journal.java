package io.twingraph.engine.journal;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.twingraph.twins.Delivery;

/**
 * The engine's write-ahead journal. The writer thread {@link #write writes} each batch of new commands before applying
 * them and has it {@link #sync forced} to disk (one fsync per batch) before anyone hears of them; the twin store's commit records the highest sequence it contains, and
 * {@link #release} then deletes the segments that commit covers. At start, {@link #recover} hands back what the twin
 * store had not committed, to be replayed.
 *
 * <p>{@link #write} belongs to one thread and {@link #sync} to one (possibly another) thread, never both at once;
 * {@link #release} and {@link #stats} may be called from any thread.
 */
public interface Journal extends AutoCloseable {

    /**
     * Opens (or creates) the journal in a directory of segment files. Nothing is read until {@link #recover}.
     *
     * @throws io.twingraph.error.TwinGraphException {@code engine:journal.unavailable} when the directory cannot be used
     */
    static Journal open(Path directory) {
        return FileJournal.open(directory, FileJournal.DEFAULT_SEGMENT_BYTES);
    }

    /** A journal that numbers entries and keeps nothing (for an engine that keeps nothing on disk). */
    static Journal none() {
        return new NoJournal();
    }

    /**
     * Reads every entry on disk, once, before the first {@link #append}. Entries up to {@code committedSequence} are
     * already in the twin store: only their message ids go to {@code seen} (to recognise redeliveries of them).
     * Later entries go to {@code replay}, in order. A torn or corrupt tail (a crash in the middle of a write) is cut
     * off with a log line; damage further back sets the rest aside, also logged; neither throws. New entries are
     * numbered after the larger of the last entry read and {@code committedSequence}.
     *
     * @return how many entries were handed to {@code replay}
     */
    long recover(long committedSequence, Consumer<Delivery.MessageId> seen, Consumer<JournalEntry> replay);

    /** The last sequence journaled (or recovered); the next entry must be numbered one more. */
    long lastSequence();

    /**
     * Writes the entries to the journal file without forcing them to disk: on return they survive a crash of the
     * process (they are in the operating system's cache), not yet a power cut; {@link #sync()} makes them durable. On
     * failure nothing of them is in the journal and {@link #lastSequence()} is unchanged.
     *
     * @param entries numbered {@code lastSequence() + 1} onwards, without gaps
     * @throws io.twingraph.error.TwinGraphException {@code engine:journal.write} when the disk refuses them
     */
    void write(List<JournalEntry> entries);

    /**
     * Forces everything written so far to disk (one fsync, however many entries: group commit). May run on another
     * thread than {@link #write}, but not at the same time as it.
     *
     * @throws io.twingraph.error.TwinGraphException {@code engine:journal.sync} when the disk fails; what was written
     *                                               since the last sync is then of unknown durability
     */
    void sync();

    /** {@link #write} and {@link #sync}: on return the entries survive a crash and a power cut. */
    default void append(List<JournalEntry> entries) {
        write(entries);
        sync();
    }

    /**
     * The twin store has committed everything up to {@code committedSequence}: delete the segments wholly below it.
     * The two newest segments are kept, so that after a restart a message redelivered by the broker can still be
     * recognised as one already journaled.
     */
    void release(long committedSequence);

    JournalStats stats();

    /**
     * Privacy erasure: rewrites the segments on disk so that no entry {@code erase} selects remains in them. Each is
     * replaced by a placeholder ({@link JournalRedaction#placeholder}) with the same sequence and message id, so the
     * numbering stays whole and a redelivered message is still recognised; its thing, path, value, time, origin,
     * correlation id and source are gone. Only entries up to {@code committedSequence} are replaced (the twin store
     * holds them, so they are never replayed); selected entries above it are kept and counted. Call it where no
     * {@link #write} or {@link #sync} runs at the same time (the engine's writer thread, between batches).
     *
     * @throws UnsupportedOperationException for a journal that cannot (a test double); never silently nothing
     */
    default JournalRedaction redact(long committedSequence, Predicate<JournalEntry> erase) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot erase entries");
    }

    @Override
    void close();
}
