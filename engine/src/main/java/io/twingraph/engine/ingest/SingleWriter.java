package io.twingraph.engine.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.engine.EngineStats;
import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.engine.mirror.GraphMirror;
import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.DeadLetter;
import io.twingraph.twins.DeadLetters;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.TwinStore;

/**
 * The one thread that changes twins and graph. It takes whatever commands are queued (up to a batch limit), applies
 * them to the twin store, commits the store, mirrors the resulting events into the graph in one write transaction,
 * and only then answers the callers and tells the listeners. Under load the batches grow by themselves, which is
 * what keeps throughput high; when idle a command is written on its own at once.
 */
public final class SingleWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleWriter.class);

    private final TwinStore twins;
    private final KnowledgeGraph graph;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final int maxBatch;
    private final java.util.concurrent.ScheduledExecutorService committer;
    private final GraphMirror mirror = new GraphMirror();
    private final BlockingQueue<Pending> queue;
    private final List<Consumer<List<TwinEvent>>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong graphFailures = new AtomicLong();
    private final AtomicLong applyNanos = new AtomicLong();
    private final AtomicLong storeCommitNanos = new AtomicLong();
    private final AtomicLong graphWriteNanos = new AtomicLong();
    private volatile int lastBatchSize;
    private volatile long lastBatchMicros;

    /** A queued command; {@code reply} is null for fire-and-forget device input. */
    private record Pending(TwinCommand command, String source, String payload, CompletableFuture<TwinEvent> reply) {
    }

    /**
     * @param commitInterval how long device input may wait for the twin store's commit (group commit); changes a
     *                       caller waits for ({@link #submit(TwinCommand)}) are committed before the caller hears back
     */
    public SingleWriter(TwinStore twins, KnowledgeGraph graph, DeadLetters deadLetters, Clock clock,
                        int queueCapacity, int maxBatch, java.time.Duration commitInterval) {
        this.twins = twins;
        this.graph = graph;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.committer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "twingraph-store-commit");
            t.setDaemon(true);
            return t;
        });
        long everyMillis = Math.max(1, commitInterval.toMillis());
        committer.scheduleWithFixedDelay(this::commitTwins, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "twingraph-writer");
        this.thread.setDaemon(false);
    }

    public void start() {
        thread.start();
    }

    /** Queues a command whose outcome the caller waits for. */
    public CompletableFuture<TwinEvent> submit(TwinCommand command) {
        CompletableFuture<TwinEvent> reply = new CompletableFuture<>();
        enqueue(new Pending(command, "api", null, reply));
        return reply;
    }

    /** Queues device input; failures become dead letters. Blocks while the queue is full. */
    public void submit(TwinCommand command, String source, String payload) {
        enqueue(new Pending(command, source, payload, null));
    }

    public void addListener(Consumer<List<TwinEvent>> listener) {
        listeners.add(listener);
    }

    public EngineStats stats() {
        return new EngineStats(applied.get(), rejected.get(), batches.get(), queue.size(), lastBatchSize,
                lastBatchMicros, graphFailures.get(), applyNanos.get() / 1000, storeCommitNanos.get() / 1000,
                graphWriteNanos.get() / 1000);
    }

    private void enqueue(Pending pending) {
        if (!running) {
            throw stopped();
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
                batch.forEach(p -> fail(p, new TwinGraphException("engine:write.failed", TwinGraphException.Kind.INTERNAL,
                        "The change could not be written: " + e, null, e)));
            } finally {
                batch.clear();
            }
        }
    }

    private void process(List<Pending> batch) {
        long start = System.nanoTime();
        List<TwinEvent> events = new ArrayList<>(batch.size());
        TwinEvent[] outcome = new TwinEvent[batch.size()];
        RuntimeException[] errors = new RuntimeException[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            try {
                outcome[i] = twins.apply(batch.get(i).command(), clock.instant());
                events.add(outcome[i]);
            } catch (DittoRuntimeException | TwinGraphException e) {
                errors[i] = e;
            } catch (RuntimeException e) {
                LOG.warn("Unexpected failure applying {}", batch.get(i).command(), e);
                errors[i] = new TwinGraphException("engine:apply.failed", TwinGraphException.Kind.INTERNAL,
                        "The change could not be applied: " + e, null, e);
            }
        }
        long applyDone = System.nanoTime();
        if (batch.stream().anyMatch(p -> p.reply() != null)) {
            commitTwins(); // a caller waits: its change is durable before it hears back
        }
        long commitDone = System.nanoTime();
        if (!events.isEmpty()) {
            mirror(events);
        }
        long graphDone = System.nanoTime();
        applyNanos.addAndGet(applyDone - start);
        storeCommitNanos.addAndGet(commitDone - applyDone);
        graphWriteNanos.addAndGet(graphDone - commitDone);
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if (errors[i] != null) {
                fail(p, errors[i]);
            } else if (p.reply() != null) {
                p.reply().complete(outcome[i]);
            }
        }
        applied.addAndGet(events.size());
        batches.incrementAndGet();
        lastBatchSize = batch.size();
        lastBatchMicros = (System.nanoTime() - start) / 1000;
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
    }

    /**
     * Commits the twin store. Device input is committed in groups, every commit interval on a thread of its own:
     * serialising each changed twin once per interval rather than once per reading, and off the writer's thread,
     * keeps both throughput and latency.
     */
    private void commitTwins() {
        try {
            twins.commit();
        } catch (RuntimeException e) {
            LOG.error("Committing the twin store failed", e);
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

    private void fail(Pending p, RuntimeException error) {
        rejected.incrementAndGet();
        if (p.reply() != null) {
            p.reply().completeExceptionally(error);
            return;
        }
        String code = error instanceof DittoRuntimeException d ? d.getErrorCode()
                : error instanceof TwinGraphException t ? t.code() : "engine:apply.failed";
        deadLetters.record(new DeadLetter(clock.instant(), p.source(), code, error.getMessage(), p.payload()));
    }

    /** Stops taking commands, writes what is queued, and waits for the thread to end. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
