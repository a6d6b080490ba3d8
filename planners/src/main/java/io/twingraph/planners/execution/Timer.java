package io.twingraph.planners.execution;

import java.time.Instant;

/**
 * Where the {@link ExecutionScheduler} runs its work: one task at a time, in order, at instants of the engine's
 * clock. {@link ClockTimer} is the real one; tests use a manual one with a fake clock.
 */
public interface Timer extends AutoCloseable {
    /** Runs {@code task} at (or soon after) {@code when}, by the clock the timer goes by. */
    void at(Instant when, Runnable task);

    /** Runs {@code task} as soon as the tasks already due have run. */
    void now(Runnable task);

    /** Stops running tasks; what is queued is dropped. */
    @Override
    void close();
}
