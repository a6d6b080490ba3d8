package io.twingraph.engine;

/**
 * Counters of the engine's writer since start. The cumulative times say where a batch's time goes.
 *
 * @param applied           commands applied to twins
 * @param rejected          commands refused (unknown thing, wrong type, conflict...)
 * @param batches           micro-batches written (one graph transaction each)
 * @param queued            commands waiting for the writer right now
 * @param lastBatchSize     commands in the last batch
 * @param lastBatchMicros   time the last batch took, store apply to graph commit
 * @param graphFailures     batches whose graph write failed (the graph is repaired from the twins)
 * @param applyMicros       total time spent applying commands to the twin store
 * @param storeCommitMicros total time spent committing the twin store
 * @param graphWriteMicros  total time spent mirroring into the graph, commit included
 */
public record EngineStats(long applied, long rejected, long batches, int queued, int lastBatchSize,
                          long lastBatchMicros, long graphFailures, long applyMicros, long storeCommitMicros,
                          long graphWriteMicros) {
}
