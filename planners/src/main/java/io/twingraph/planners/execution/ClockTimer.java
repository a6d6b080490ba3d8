package io.twingraph.planners.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Timer} on one daemon thread: a task for an instant waits the time from the clock's now to that instant.
 * A task that throws is logged and the next one runs.
 */
public final class ClockTimer implements Timer {
    private static final Logger LOG = LoggerFactory.getLogger(ClockTimer.class);
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "twingraph-plan-execution");
        t.setDaemon(true);
        return t;
    });

    public ClockTimer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void at(Instant when, Runnable task) {
        long millis = Math.max(0, Duration.between(clock.instant(), when).toMillis());
        try {
            thread.schedule(guarded(task), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Timer closed; task for {} dropped", when);
        }
    }

    @Override
    public void now(Runnable task) {
        try {
            thread.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("Timer closed; task dropped");
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Plan execution task failed", e);
            }
        };
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
