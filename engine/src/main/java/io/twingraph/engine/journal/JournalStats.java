package io.twingraph.engine.journal;

/**
 * What the journal did since start.
 *
 * @param onDisk            false for an engine that keeps nothing on disk (no journal file, nothing to recover)
 * @param sequence          the last sequence journaled
 * @param committedSequence the last sequence the twin store reported committed (entries up to it are not needed)
 * @param replayedAtStart   entries replayed at start, above the twin store's committed sequence
 * @param fsyncs            group commits: one write and one fsync each, one per writer batch with new input
 * @param lastFsyncMicros   how long the last fsync took
 * @param meanFsyncMicros   mean fsync time per batch
 * @param segments          segment files on disk
 * @param bytes             bytes in those files
 */
public record JournalStats(boolean onDisk, long sequence, long committedSequence, long replayedAtStart, long fsyncs,
                           long lastFsyncMicros, long meanFsyncMicros, int segments, long bytes) {
}
