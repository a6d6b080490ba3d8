package io.twingraph.engine.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.engine.EngineStats;
import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.engine.journal.Journal;
import io.twingraph.engine.journal.JournalEntry;
import io.twingraph.engine.mirror.GraphMirror;
import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.DeadLetter;
import io.twingraph.twins.DeadLetters;
import io.twingraph.twins.Delivery;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.TwinStore;

/**
 * The one thread that changes twins and graph. It takes whatever commands are queued (up to a batch limit), numbers
 * the new ones and writes them to the journal, then applies them to the twin store and mirrors the resulting events
 * into the graph in one write transaction while a second thread forces the journal to disk (one fsync for the batch)
 * and acknowledges the deliveries that carried them. Once both are done it answers the callers and tells the
 * listeners. Under load the batches grow by themselves, which is what keeps throughput high; when idle a command is
 * written on its own at once.
 *
 * <p>So a change is in the journal file before it is applied, and on disk before anyone hears of it: a transport's
 * acknowledgement, a caller's answer and a listener's event all wait for the fsync. Readers of the twin store and the
 * graph may see it up to one fsync earlier. If an fsync fails, the writer takes no more input
 * ({@code engine:journal.sync}): what the disk holds is then unknown, and TwinGraph must be restarted.
 *
 * <p>The twin store is committed in groups, every commit interval, on a thread of its own; each commit records the
 * highest journal sequence it contains, and the journal then drops what it covers. At start, {@link #recover} replays
 * what the store had not committed through this same path (marked {@link TwinEvent#replayed()}), so listeners see
 * replayed events as they saw the originals.
 */
public final class SingleWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleWriter.class);

    private final TwinStore twins;
    private final KnowledgeGraph graph;
    private final Journal journal;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final int maxBatch;
    private final ScheduledExecutorService committer;
    /** Forces each batch's journal write to disk while the writer applies it, then acknowledges its deliveries. */
    private final ExecutorService syncer;
    /** Set when an fsync failed: what the journal holds is then unknown, so no more input is taken. */
    private volatile TwinGraphException journalBroken;
    private final GraphMirror mirror = new GraphMirror();
    private final RedeliveryFilter redeliveries = new RedeliveryFilter(Delivery.MAX_UNACKNOWLEDGED);
    private final BlockingQueue<Pending> queue;
    private final List<Consumer<List<TwinEvent>>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong graphFailures = new AtomicLong();
    private final AtomicLong redeliveriesSkipped = new AtomicLong();
    private final AtomicLong journalNanos = new AtomicLong();
    private final AtomicLong applyNanos = new AtomicLong();
    private final AtomicLong storeCommitNanos = new AtomicLong();
    private final AtomicLong graphWriteNanos = new AtomicLong();
    private volatile int lastBatchSize;
    private volatile long lastBatchMicros;

    /** What the writer's queue holds. */
    private sealed interface Pending {
    }

    /**
     * New input. {@code reply} is set when a caller waits for the outcome; {@code delivery} when a transport waits
     * for the acknowledgement; neither for fire-and-forget input.
     */
    private record Input(TwinCommand command, String source, String payload, CompletableFuture<TwinEvent> reply,
                         Delivery delivery) implements Pending {
    }

    /** A journal entry the twin store had not committed, applied again at start. */
    private record Replay(JournalEntry entry) implements Pending {
    }

    /** A delivery journaled and committed before the restart: only remembered, to recognise its redelivery. */
    private record Seen(Delivery.MessageId id) implements Pending {
    }

    /** Completes once everything queued before it is written and told. */
    private record Barrier(CompletableFuture<Void> done) implements Pending {
    }

    /** Work that must not overlap a batch (no journal write or fsync under way): runs after the batch it lands in. */
    private record Exclusive(Runnable work, CompletableFuture<Void> done) implements Pending {
    }

    /**
     * @param commitInterval how long changes may wait for the twin store's commit (group commit); they are journaled
     *                       before anyone hears of them, so a crash in between loses nothing
     */
    public SingleWriter(TwinStore twins, KnowledgeGraph graph, Journal journal, DeadLetters deadLetters, Clock clock,
                        int queueCapacity, int maxBatch, Duration commitInterval) {
        this.twins = twins;
        this.graph = graph;
        this.journal = journal;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.committer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "twingraph-store-commit");
            t.setDaemon(true);
            return t;
        });
        long everyMillis = Math.max(1, commitInterval.toMillis());
        committer.scheduleWithFixedDelay(this::commitTwins, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        this.syncer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "twingraph-journal-sync");
            t.setDaemon(true);
            return t;
        });
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "twingraph-writer");
        this.thread.setDaemon(false);
    }

    public void start() {
        thread.start();
    }

    /**
     * Replays the journal entries above the twin store's committed sequence through the writer, and waits until they
     * are in the store and the graph and every listener has been told. Call once, after {@link #start()} and before
     * any input is submitted.
     *
     * @return how many entries were replayed
     */
    public long recover() {
        long replayed = journal.recover(twins.committedSequence(), id -> enqueue(new Seen(id)),
                entry -> enqueue(new Replay(entry)));
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(new Barrier(done));
        done.join();
        return replayed;
    }

    /** Queues a command whose outcome the caller waits for; it completes once the change is journaled and applied. */
    public CompletableFuture<TwinEvent> submit(TwinCommand command) {
        CompletableFuture<TwinEvent> reply = new CompletableFuture<>();
        enqueue(new Input(command, "api", null, reply, null));
        return reply;
    }

    /** Queues device input; failures become dead letters. Blocks while the queue is full. */
    public void submit(TwinCommand command, String source, String payload) {
        enqueue(new Input(command, source, payload, null, null));
    }

    /**
     * Queues device input from a message the transport redelivers unless acknowledged; its acknowledgement is
     * settled once the command is journaled. Blocks while the queue is full.
     */
    public void submit(TwinCommand command, Delivery delivery) {
        enqueue(new Input(command, delivery.source(), delivery.payload(), null, delivery));
    }

    /**
     * Runs {@code work} on the writer thread once everything queued before it is journaled, applied and told, while
     * no journal write or fsync is under way (privacy erasure rewrites the journal so).
     *
     * @return completes when the work is done, exceptionally when it threw
     */
    public CompletableFuture<Void> exclusive(Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(new Exclusive(work, done));
        return done;
    }

    public void addListener(Consumer<List<TwinEvent>> listener) {
        listeners.add(listener);
    }

    public EngineStats stats() {
        return new EngineStats(applied.get(), rejected.get(), batches.get(), queue.size(), lastBatchSize,
                lastBatchMicros, graphFailures.get(), journalNanos.get() / 1000, applyNanos.get() / 1000,
                storeCommitNanos.get() / 1000, graphWriteNanos.get() / 1000, redeliveriesSkipped.get(),
                journal.stats());
    }

    private void enqueue(Pending pending) {
        if (!running) {
            throw stopped();
        }
        if (journalBroken != null && pending instanceof Input) {
            throw journalBroken;
        }
        try {
            queue.put(pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopped();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                process(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("Writer batch failed", e);
                batch.forEach(p -> failWhole(p, e));
            } finally {
                batch.clear();
            }
        }
    }

    /** One command of a batch on its way through: what to apply, at which sequence and instant, and how it ended. */
    private static final class Step {
        final Input input;
        final TwinCommand command;
        long sequence;
        Instant timestamp;
        boolean replayed;
        boolean skip;
        TwinEvent event;
        RuntimeException error;

        Step(Input input, TwinCommand command) {
            this.input = input;
            this.command = command;
        }
    }

    private void process(List<Pending> batch) {
        long start = System.nanoTime();
        List<Step> steps = new ArrayList<>(batch.size());
        List<Barrier> barriers = new ArrayList<>(1);
        List<Exclusive> exclusives = new ArrayList<>(0);
        for (Pending p : batch) {
            if (p instanceof Input in) {
                steps.add(new Step(in, in.command()));
            } else if (p instanceof Replay r) {
                Step step = new Step(null, r.entry().command());
                step.sequence = r.entry().sequence();
                step.timestamp = r.entry().timestamp();
                step.replayed = true;
                if (r.entry().messageId() != null) {
                    redeliveries.remember(r.entry().messageId());
                }
                steps.add(step);
            } else if (p instanceof Seen s) {
                redeliveries.remember(s.id());
            } else if (p instanceof Barrier b) {
                barriers.add(b);
            } else if (p instanceof Exclusive x) {
                exclusives.add(x);
            }
        }
        Future<?> synced = journal(steps);
        long journalDone = System.nanoTime();
        List<TwinEvent> events = apply(steps);
        long applyDone = System.nanoTime();
        if (!events.isEmpty()) {
            mirror(events);
        }
        long graphDone = System.nanoTime();
        TwinGraphException syncFailure = awaitSync(synced);
        long syncDone = System.nanoTime();
        journalNanos.addAndGet(journalDone - start + syncDone - graphDone);
        applyNanos.addAndGet(applyDone - journalDone);
        graphWriteNanos.addAndGet(graphDone - applyDone);
        applied.addAndGet(events.size());
        batches.incrementAndGet();
        lastBatchSize = batch.size();
        lastBatchMicros = (System.nanoTime() - start) / 1000;
        if (syncFailure != null) {
            // applied in memory but not known to be on disk: nobody is told it happened
            steps.stream().filter(step -> !step.replayed && !step.skip && step.input.reply() != null)
                    .forEach(step -> step.input.reply().completeExceptionally(syncFailure));
            barriers.forEach(b -> b.done().completeExceptionally(syncFailure));
            exclusives.forEach(x -> x.done().completeExceptionally(syncFailure));
            return;
        }
        for (Step step : steps) {
            if (step.skip) {
                continue;
            }
            if (step.error != null) {
                fail(step, step.error);
            } else if (step.input != null && step.input.reply() != null) {
                step.input.reply().complete(step.event);
            }
        }
        if (!events.isEmpty()) {
            List<TwinEvent> view = List.copyOf(events);
            for (Consumer<List<TwinEvent>> listener : listeners) {
                try {
                    listener.accept(view);
                } catch (RuntimeException e) {
                    LOG.warn("Event listener failed", e);
                }
            }
        }
        barriers.forEach(b -> b.done().complete(null));
        for (Exclusive x : exclusives) {
            try {
                x.work().run();
                x.done().complete(null);
            } catch (RuntimeException e) {
                x.done().completeExceptionally(e);
            }
        }
    }

    /**
     * Numbers the batch's new input and writes it to the journal, then starts the fsync on the sync thread, which
     * acknowledges the deliveries once it is done. A redelivery of a message already journaled (see {@link Delivery})
     * is acknowledged with the batch and skipped. If the journal refuses the write, none of the batch's new input is
     * applied or acknowledged: callers get the error, transports redeliver.
     *
     * @return the fsync under way (already done when nothing was written)
     */
    private Future<?> journal(List<Step> steps) {
        List<JournalEntry> entries = new ArrayList<>(steps.size());
        // ids journaled by this very batch: after a reconnect the original can still be queued when its copy arrives
        Set<Delivery.MessageId> inBatch = null;
        long next = journal.lastSequence();
        for (Step step : steps) {
            if (step.replayed) {
                continue;
            }
            Delivery delivery = step.input.delivery();
            Delivery.MessageId id = delivery == null ? null : delivery.messageId();
            String resumed = delivery == null ? null : delivery.resumedConnection();
            if (id != null && resumed != null && !redeliveries.finished(resumed)) {
                if (redeliveries.alreadyJournaled(id) || inBatch != null && inBatch.contains(id)) {
                    step.skip = true;
                    redeliveriesSkipped.incrementAndGet();
                    continue;
                }
                redeliveries.finish(resumed); // the journaled repeats come first: this one is new, so are the rest
            }
            if (id != null) {
                if (inBatch == null) {
                    inBatch = new HashSet<>();
                }
                inBatch.add(id);
            }
            step.sequence = ++next;
            step.timestamp = clock.instant();
            entries.add(new JournalEntry(step.sequence, step.timestamp, step.command,
                    step.input.source() == null ? "unknown" : step.input.source(),
                    delivery == null ? null : delivery.messageId()));
        }
        boolean writeFailed = false;
        if (!entries.isEmpty()) {
            try {
                journal.write(entries);
            } catch (RuntimeException e) {
                writeFailed = true;
                LOG.error("Journaling {} commands failed; none of them is applied or acknowledged", entries.size(), e);
                TwinGraphException error = e instanceof TwinGraphException t ? t
                        : new TwinGraphException("engine:journal.write", TwinGraphException.Kind.UNAVAILABLE,
                        "The change could not be journaled: " + e, null, e);
                for (Step step : steps) {
                    if (!step.replayed && !step.skip) {
                        step.skip = true;
                        notAccepted(step.input, error);
                    }
                }
                entries.clear();
            }
        }
        List<Delivery> toAcknowledge = new ArrayList<>();
        for (Step step : steps) {
            if (step.replayed || step.input.delivery() == null) {
                continue;
            }
            Delivery delivery = step.input.delivery();
            boolean journaled = step.sequence > 0 && !step.skip;
            boolean repeat = step.sequence == 0 && step.skip;
            if (journaled && delivery.messageId() != null) {
                redeliveries.remember(delivery.messageId());
            }
            if (repeat && writeFailed) {
                settleNotAccepted(delivery); // its original may have been in this batch: let the broker send it again
            } else if (journaled || repeat) {
                toAcknowledge.add(delivery);
            }
        }
        if (entries.isEmpty()) {
            toAcknowledge.forEach(SingleWriter::accepted); // repeats only: their originals are on disk already
            return CompletableFuture.completedFuture(null);
        }
        return syncer.submit(() -> {
            journal.sync();
            toAcknowledge.forEach(SingleWriter::accepted);
            return null;
        });
    }

    /** Waits for the batch's fsync; on failure stops taking input and returns the error. */
    private TwinGraphException awaitSync(Future<?> synced) {
        try {
            synced.get();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return journalFailed(new TwinGraphException("engine:journal.sync", TwinGraphException.Kind.UNAVAILABLE,
                    "Interrupted while the journal was forced to disk.", null, e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return journalFailed(cause instanceof TwinGraphException t ? t
                    : new TwinGraphException("engine:journal.sync", TwinGraphException.Kind.UNAVAILABLE,
                    "The journal could not be forced to disk: " + cause, null, cause));
        }
    }

    private TwinGraphException journalFailed(TwinGraphException error) {
        LOG.error("The journal could not be forced to disk; TwinGraph takes no more changes until it is restarted", error);
        journalBroken = error;
        return error;
    }

    private List<TwinEvent> apply(List<Step> steps) {
        List<TwinEvent> events = new ArrayList<>(steps.size());
        for (Step step : steps) {
            if (step.skip) {
                continue;
            }
            try {
                TwinEvent event = twins.apply(step.command, step.timestamp, step.sequence);
                step.event = step.replayed ? event.asReplayed() : event;
                events.add(step.event);
            } catch (DittoRuntimeException | TwinGraphException e) {
                step.error = e;
            } catch (RuntimeException e) {
                LOG.warn("Unexpected failure applying {}", step.command, e);
                step.error = new TwinGraphException("engine:apply.failed", TwinGraphException.Kind.INTERNAL,
                        "The change could not be applied: " + e, null, e);
            }
        }
        return events;
    }

    /**
     * Commits the twin store, then lets the journal drop the segments the commit covers. Committing in groups, every
     * commit interval on a thread of its own, serialises each changed twin once per interval rather than once per
     * reading, and keeps the store's write off the writer's thread.
     */
    private void commitTwins() {
        long start = System.nanoTime();
        try {
            twins.commit();
            journal.release(twins.committedSequence());
        } catch (RuntimeException e) {
            LOG.error("Committing the twin store failed; the journal keeps its changes", e);
        } finally {
            storeCommitNanos.addAndGet(System.nanoTime() - start);
        }
    }

    private void mirror(List<TwinEvent> events) {
        try {
            graph.applyLive(mirror.plan(events));
        } catch (RuntimeException e) {
            // The twin store has the changes; the graph catches up from it at the next start (TwinGraphEngine's repair).
            graphFailures.incrementAndGet();
            LOG.error("Mirroring {} events into the graph failed; the graph is repaired from the twins at next start",
                    events.size(), e);
        }
    }

    private void fail(Step step, RuntimeException error) {
        rejected.incrementAndGet();
        if (step.replayed) {
            // refused the first time too, and dead-lettered then; recording it again would count it twice
            LOG.debug("Replayed journal entry {} refused again: {}", step.sequence, error.getMessage());
            return;
        }
        Input p = step.input;
        if (p.reply() != null) {
            p.reply().completeExceptionally(error);
            return;
        }
        String code = error instanceof DittoRuntimeException d ? d.getErrorCode()
                : error instanceof TwinGraphException t ? t.code() : "engine:apply.failed";
        deadLetters.record(new DeadLetter(clock.instant(), p.source(), code, error.getMessage(), p.payload()));
    }

    /** Input that could not be journaled: callers hear why, transports are left to redeliver. */
    private void notAccepted(Input input, TwinGraphException error) {
        rejected.incrementAndGet();
        if (input.reply() != null) {
            input.reply().completeExceptionally(error);
        } else if (input.delivery() != null) {
            settleNotAccepted(input.delivery());
        } else {
            deadLetters.record(new DeadLetter(clock.instant(), input.source(), error.code(), error.getMessage(),
                    input.payload()));
        }
    }

    private static void settleNotAccepted(Delivery delivery) {
        try {
            delivery.acknowledgement().notAccepted();
        } catch (RuntimeException e) {
            LOG.warn("Settling a delivery failed", e);
        }
    }

    private static void accepted(Delivery delivery) {
        try {
            delivery.acknowledgement().accepted();
        } catch (RuntimeException e) {
            LOG.warn("Acknowledging a delivery failed", e);
        }
    }

    /** A batch that failed as a whole (a bug, not a refused command). */
    private void failWhole(Pending p, RuntimeException e) {
        TwinGraphException error = new TwinGraphException("engine:write.failed", TwinGraphException.Kind.INTERNAL,
                "The change could not be written: " + e, null, e);
        if (p instanceof Input in) {
            if (in.reply() != null && !in.reply().isDone()) {
                in.reply().completeExceptionally(error);
            }
            // a delivery was settled right after the journal write, or is left for redelivery if it was not
        } else if (p instanceof Barrier b) {
            b.done().completeExceptionally(error);
        } else if (p instanceof Exclusive x) {
            x.done().completeExceptionally(error);
        }
    }

    /** Stops taking commands, writes what is queued, commits the twin store and waits for the thread to end. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        syncer.shutdown();
        committer.shutdown();
        try {
            committer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commitTwins();
    }

    private static TwinGraphException stopped() {
        return new TwinGraphException("engine:stopped", TwinGraphException.Kind.UNAVAILABLE,
                "TwinGraph is shutting down and takes no more changes.", "Retry after it has restarted.");
    }
}
