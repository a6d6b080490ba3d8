package io.twingraph.planners.execution;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * A {@link Timer} for tests, with its own fake clock: nothing runs until the test moves time forward; then the tasks
 * due run on the test's thread, in time order (ties in the order they came), and the clock reads each task's time
 * while it runs.
 */
final class ManualTimer implements Timer {
    /** A clock the test sets. */
    static final class FakeClock extends Clock {
        private volatile Instant now;

        FakeClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        void set(Instant t) {
            now = t;
        }
    }

    private record Task(Instant when, long order, Runnable run) {
    }

    final FakeClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.when().equals(b.when())
            ? Long.compare(a.order(), b.order()) : a.when().compareTo(b.when()));
    private long order;

    ManualTimer(Instant start) {
        this.clock = new FakeClock(start);
    }

    @Override
    public synchronized void at(Instant when, Runnable task) {
        queue.add(new Task(when, order++, task));
    }

    @Override
    public synchronized void now(Runnable task) {
        queue.add(new Task(clock.instant(), order++, task));
    }

    private synchronized Task next(Instant until) {
        Task head = queue.peek();
        return head != null && !head.when().isAfter(until) ? queue.poll() : null;
    }

    /** Runs what is due now (and what those tasks queue for now). */
    void runDue(Runnable afterEach) {
        advanceTo(clock.instant(), afterEach);
    }

    /**
     * Moves the clock to {@code t}, running every task due on the way at its own time.
     *
     * @param afterEach runs after each task (tests use it to let the devices answer)
     */
    void advanceTo(Instant t, Runnable afterEach) {
        for (Task task = next(t); task != null; task = next(t)) {
            if (task.when().isAfter(clock.instant())) {
                clock.set(task.when());
            }
            task.run().run();
            afterEach.run();
        }
        if (t.isAfter(clock.instant())) {
            clock.set(t);
        }
    }

    @Override
    public synchronized void close() {
        queue.clear();
    }
}
