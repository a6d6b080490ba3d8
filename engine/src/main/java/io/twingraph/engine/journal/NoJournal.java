package io.twingraph.engine.journal;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.twingraph.twins.Delivery;

/** Numbers entries and writes nothing: for engines that keep nothing on disk. */
final class NoJournal implements Journal {
    private volatile long lastSequence;
    private volatile long committedSequence;

    @Override
    public long recover(long committed, Consumer<Delivery.MessageId> seen, Consumer<JournalEntry> replay) {
        lastSequence = Math.max(lastSequence, committed);
        return 0;
    }

    @Override
    public long lastSequence() {
        return lastSequence;
    }

    @Override
    public void sync() {
        // nothing written
    }

    @Override
    public void write(List<JournalEntry> entries) {
        if (!entries.isEmpty()) {
            FileJournal.checkNumbering(entries, lastSequence);
            lastSequence = entries.get(entries.size() - 1).sequence();
        }
    }

    @Override
    public void release(long committed) {
        committedSequence = committed;
    }

    @Override
    public JournalRedaction redact(long committed, Predicate<JournalEntry> erase) {
        return new JournalRedaction(0, 0, 0); // nothing kept, nothing to erase
    }

    @Override
    public JournalStats stats() {
        return new JournalStats(false, lastSequence, committedSequence, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void close() {
        // nothing kept
    }
}
