package io.twingraph.twins;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.twingraph.twins.deadletter.DeadLetterLog;

/**
 * The record of rejected input. Recording never throws and never blocks ingestion for long.
 */
public interface DeadLetters extends AutoCloseable {

    /** Keeps the most recent letters in memory and appends every letter to a JSON-lines file. */
    static DeadLetters toFile(Path file) {
        return DeadLetterLog.toFile(file);
    }

    /** Keeps the most recent letters in memory only. */
    static DeadLetters inMemory() {
        return DeadLetterLog.inMemory();
    }

    void record(DeadLetter letter);

    /** How many letters were recorded since the store was opened (including earlier runs, for file-backed logs). */
    long total();

    /** Totals per reason code. */
    Map<String, Long> countsByCode();

    /** The most recent letters, newest first. */
    List<DeadLetter> recent(int limit);

    /**
     * Removes the letters {@code which} selects, from memory and from the file (privacy erasure: a person's device
     * input that was refused). The totals keep counting them.
     *
     * @return how many were removed from the file (or from memory, without one)
     */
    default int forget(Predicate<DeadLetter> which) {
        return 0;
    }

    @Override
    void close();
}
