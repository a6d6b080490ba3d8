package io.twingraph.twins;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    @Override
    void close();
}
