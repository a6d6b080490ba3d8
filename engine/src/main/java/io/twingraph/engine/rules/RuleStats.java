package io.twingraph.engine.rules;

/**
 * What the rules thread has done since start.
 *
 * @param batches       event batches evaluated
 * @param events        twin events evaluated
 * @param readings      readings inserted
 * @param firings       rule firings
 * @param decisions     decisions recorded
 * @param duplicates    decisions not acted on because the same decision was already recorded (replays)
 * @param failures      rules whose action threw, or that were stopped by the firing limit
 * @param queued        events waiting for the rules thread
 * @param busyMicros    time spent evaluating, microseconds
 */
public record RuleStats(long batches, long events, long readings, long firings, long decisions, long duplicates,
                        long failures, int queued, long busyMicros) {
}
