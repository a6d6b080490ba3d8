package io.twingraph.engine;

/**
 * Counters of the engine's writer since start.
 *
 * @param applied        commands applied to twins
 * @param rejected       commands refused (unknown thing, wrong type, conflict...)
 * @param batches        micro-batches written (one graph transaction each)
 * @param queued         commands waiting for the writer right now
 * @param lastBatchSize  commands in the last batch
 * @param lastBatchMicros time the last batch took, store apply to graph commit
 * @param graphFailures  batches whose graph write failed (the graph is repaired from the twins)
 */
public record EngineStats(long applied, long rejected, long batches, int queued, int lastBatchSize,
                          long lastBatchMicros, long graphFailures) {
}
