package io.twingraph.engine;

import io.twingraph.engine.journal.JournalStats;

/**
 * Counters of the engine's writer since start. The cumulative times say where a batch's time goes.
 *
 * @param applied             commands applied to twins (replayed journal entries included)
 * @param rejected            commands refused (unknown thing, wrong type, conflict...) or not journaled
 * @param batches             micro-batches written (one journal fsync and one graph transaction each)
 * @param queued              commands waiting for the writer right now
 * @param lastBatchSize       commands in the last batch
 * @param lastBatchMicros     time the last batch took, journal write to graph commit
 * @param graphFailures       batches whose graph write failed (the graph is repaired from the twins)
 * @param journalMicros       total time the writer spent journaling (encoding, writing, fsync)
 * @param applyMicros         total time spent applying commands to the twin store
 * @param storeCommitMicros   total time spent committing the twin store (on its own thread, every commit interval)
 * @param graphWriteMicros    total time spent mirroring into the graph, commit included
 * @param redeliveriesSkipped messages the broker delivered again that were already journaled (acknowledged, not
 *                            applied twice)
 * @param journal             the journal: last sequence, what the twin store has committed, entries replayed at
 *                            start, fsync times
 */
public record EngineStats(long applied, long rejected, long batches, int queued, int lastBatchSize,
                          long lastBatchMicros, long graphFailures, long journalMicros, long applyMicros,
                          long storeCommitMicros, long graphWriteMicros, long redeliveriesSkipped,
                          JournalStats journal) {
}
