package io.twingraph.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.engine.ingest.SingleWriter;
import io.twingraph.engine.journal.Journal;
import io.twingraph.engine.journal.JournalRedaction;
import io.twingraph.engine.mirror.GraphMirror;
import io.twingraph.error.TwinGraphException;
import io.twingraph.ontology.Brick;
import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.TG;
import io.twingraph.twins.DeadLetters;
import io.twingraph.twins.Delivery;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.TwinInbox;
import io.twingraph.twins.TwinStore;

/**
 * TwinGraph's engine: the twin store, the knowledge graph, the dead-letter log and the single writer that keeps the
 * first two in step. Every change goes through {@link #submit(TwinCommand)} (callers that wait for the outcome) or
 * {@link #submit(TwinCommand, String, String)} (device input, failures become dead letters).
 *
 * <p>Every accepted command is journaled (numbered, written and fsynced with its batch) before it is applied; the
 * twin store commits in groups and records the highest journal sequence it holds. At start the live graph is repaired
 * against the twin store, twin by twin, then the journal entries the store had not committed are replayed through the
 * writer (listeners see them, marked {@link TwinEvent#replayed()}), so after a {@code kill -9} the engine ends where it
 * would have been without the crash. Input is taken only once that is done. Close the engine to write what is
 * queued and release the data directory.
 */
public final class TwinGraphEngine implements TwinInbox, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TwinGraphEngine.class);
    /** Longest input waits for the journal's replay after {@link #openForReplay} (a forgotten replayJournal()). */
    private static final java.time.Duration REPLAY_WAIT = java.time.Duration.ofMinutes(5);

    /**
     * Sizes and pace of the writer.
     *
     * @param commitInterval longest device input waits for the twin store's commit; changes through
     *                       {@link #submit(TwinCommand)} are always committed before their future completes
     */
    public record Settings(int queueCapacity, int maxBatch, java.time.Duration commitInterval) {
        public static final Settings DEFAULTS = new Settings(65_536, 4_096, java.time.Duration.ofSeconds(1));

        public Settings {
            if (queueCapacity < 1 || maxBatch < 1) {
                throw new IllegalArgumentException("queueCapacity and maxBatch must be positive");
            }
            if (commitInterval.isNegative()) {
                throw new IllegalArgumentException("commitInterval must not be negative");
            }
        }
    }

    private final TwinStore twins;
    private final KnowledgeGraph graph;
    private final Journal journal;
    private final DeadLetters deadLetters;
    private final SingleWriter writer;
    private final Clock clock;
    /** Open once the journal is replayed: input waits for it, or it would be applied ahead of the replayed entries. */
    private final CountDownLatch replayed = new CountDownLatch(1);

    private TwinGraphEngine(TwinStore twins, KnowledgeGraph graph, Journal journal, DeadLetters deadLetters, Clock clock,
                            Settings settings) {
        this.twins = twins;
        this.graph = graph;
        this.journal = journal;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.writer = new SingleWriter(twins, graph, journal, deadLetters, clock, settings.queueCapacity(),
                settings.maxBatch(), settings.commitInterval());
    }

    /**
     * Opens the engine on a data directory: {@code twins.mv} (twin store), {@code graph/} (TDB2), {@code journal/}
     * and {@code dead-letters.jsonl}; replays what the journal holds beyond the twin store's last commit before it
     * returns.
     */
    public static TwinGraphEngine open(Path dataDir, Clock clock, Settings settings) {
        TwinGraphEngine engine = openForReplay(dataDir, clock, settings);
        try {
            engine.replayJournal();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /**
     * Opens the engine without replaying the journal yet, for listeners that must see the replayed events too (a
     * rule runtime that refires on them): register them with {@link #onCommitted}, then call {@link #replayJournal()}.
     * Until then the engine reads as of the twin store's last commit, and input waits (a connector may connect before
     * the replay: its messages are taken, in order, once the replay is done).
     */
    public static TwinGraphEngine openForReplay(Path dataDir, Clock clock, Settings settings) {
        TwinStore twins = TwinStore.open(dataDir.resolve("twins.mv"));
        KnowledgeGraph graph = null;
        Journal journal;
        try {
            graph = KnowledgeGraph.open(dataDir.resolve("graph"));
            journal = Journal.open(dataDir.resolve("journal"));
        } catch (RuntimeException e) {
            twins.close();
            if (graph != null) {
                graph.close();
            }
            throw e;
        }
        return start(twins, graph, journal, DeadLetters.toFile(dataDir.resolve("dead-letters.jsonl")), clock, settings);
    }

    /** An engine that keeps nothing on disk. */
    public static TwinGraphEngine inMemory(Clock clock) {
        TwinGraphEngine engine = start(TwinStore.inMemory(), KnowledgeGraph.inMemory(), Journal.none(),
                DeadLetters.inMemory(), clock, Settings.DEFAULTS);
        engine.replayJournal();
        return engine;
    }

    private static TwinGraphEngine start(TwinStore twins, KnowledgeGraph graph, Journal journal, DeadLetters deadLetters,
                                         Clock clock, Settings settings) {
        TwinGraphEngine engine = new TwinGraphEngine(twins, graph, journal, deadLetters, clock, settings);
        try {
            engine.repairGraph();
            engine.writer.start();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /**
     * Replays the journal entries the twin store had not committed (a crash came before its commit) through the
     * writer, and waits for them: they reach the store, the graph and every {@link #onCommitted} listener, marked
     * {@link TwinEvent#replayed()}. Then the engine takes input. Done by {@link #open}; call it yourself after
     * {@link #openForReplay}. A second call does nothing.
     *
     * @return how many entries were replayed
     */
    public synchronized long replayJournal() {
        if (replayed.getCount() == 0) {
            return 0;
        }
        long committed = twins.committedSequence();
        long start = System.nanoTime();
        long count = writer.recover();
        replayed.countDown();
        LOG.info("Journal: replayed {} journal entries above sequence {} in {} ms; new entries start at {}",
                count, committed, (System.nanoTime() - start) / 1_000_000, journal.lastSequence() + 1);
        return count;
    }

    /**
     * Applies a command; the future completes after the change is journaled (on disk), in the store and in the
     * graph.
     */
    public CompletableFuture<TwinEvent> submit(TwinCommand command) {
        checkReplayed();
        return writer.submit(command);
    }

    @Override
    public void submit(TwinCommand command, String source, String payload) {
        checkReplayed();
        writer.submit(command, source, payload);
    }

    /** Device input to acknowledge once journaled: the delivery's acknowledgement is settled after the fsync. */
    @Override
    public void submit(TwinCommand command, Delivery delivery) {
        checkReplayed();
        writer.submit(command, delivery);
    }

    /** Input waits for the journal's replay, so it is applied after the replayed entries. */
    private void checkReplayed() {
        if (replayed.getCount() == 0) {
            return;
        }
        try {
            if (!replayed.await(REPLAY_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TwinGraphException("engine:starting", TwinGraphException.Kind.UNAVAILABLE,
                        "TwinGraph has not replayed its journal after " + REPLAY_WAIT.toSeconds() + " s and takes no "
                                + "changes before it has.",
                        "Call replayJournal() after openForReplay(), or open the engine with open().");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TwinGraphException("engine:starting", TwinGraphException.Kind.UNAVAILABLE,
                    "Interrupted while waiting for the journal's replay.", null, e);
        }
    }

    /**
     * Creates the given twins that do not exist yet (existing ones are left as they are) and waits for them.
     *
     * @return how many were created
     */
    public int provision(Collection<Thing> things) {
        List<CompletableFuture<TwinEvent>> pending = new ArrayList<>();
        for (Thing thing : things) {
            ThingId id = thing.getEntityId().orElseThrow(() -> new IllegalArgumentException("a thing to provision needs an id"));
            if (twins.get(id).isEmpty()) {
                pending.add(submit(new TwinCommand.Create(id, thing, TwinCommand.Origin.SYSTEM, TwinCommand.newCorrelationId())));
            }
        }
        int created = 0;
        for (CompletableFuture<TwinEvent> f : pending) {
            try {
                f.join();
                created++;
            } catch (RuntimeException e) {
                LOG.debug("Provisioning skipped a twin: {}", e.getMessage());
            }
        }
        return created;
    }

    /**
     * Tells {@code listener} about every batch of events after it is journaled, in the store and in the graph, on the
     * writer thread. Events replayed from the journal at start carry {@link TwinEvent#replayed()}; to see those,
     * register between {@link #openForReplay} and {@link #replayJournal()}.
     */
    public void onCommitted(Consumer<List<TwinEvent>> listener) {
        writer.addListener(listener);
    }

    /**
     * Privacy erasure in the journal: no entry about the given twins stays in it. On the writer thread, between
     * batches, the twin store is committed (so it holds every entry journaled so far, and none of them is replayed at
     * the next start), then every segment holding such an entry is rewritten with a placeholder in its place (see
     * {@link Journal#redact}). Delete the twins first: what arrives for them afterwards is journaled again.
     *
     * @return what was replaced
     */
    public JournalRedaction eraseFromJournal(Set<ThingId> things) {
        checkReplayed();
        Set<ThingId> erased = Set.copyOf(things);
        JournalRedaction[] result = new JournalRedaction[1];
        writer.exclusive(() -> {
            twins.commit();
            result[0] = journal.redact(twins.committedSequence(), e -> erased.contains(e.command().thingId()));
        }).join();
        return result[0];
    }

    /**
     * Gives back the space of deleted data and removes it from the files: the twin store's file is rewritten with the
     * current twins only, and the graph compacted into a new TDB2 generation (the old one deleted). Both stores write
     * copy-on-write, so until then a deleted twin or triple is unreachable but its bytes are still in the files. Writes
     * wait while it runs; readers go on.
     */
    public void compactStorage() {
        twins.compactFile();
        graph.compact();
    }

    public TwinStore twins() {
        return twins;
    }

    public KnowledgeGraph graph() {
        return graph;
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    public EngineStats stats() {
        return writer.stats();
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        writer.close();
        try {
            twins.commit();
            journal.release(twins.committedSequence());
        } finally {
            twins.close();
            journal.close();
            graph.close();
            deadLetters.close();
        }
    }

    /**
     * Brings the live graph in line with the twin store: the structure kept in TDB2 is compared twin by twin with the
     * mapping of the stored twin and corrected where it differs (the store commits first, so after a crash the graph
     * may lag behind), and the in-memory values are built from the stored twins.
     */
    private void repairGraph() {
        List<Triple> removed = new ArrayList<>();
        List<Triple> added = new ArrayList<>();
        List<Triple> values = new ArrayList<>();
        int[] repaired = {0};
        graph.read(ds -> {
            Graph live = ds.asDatasetGraph().getGraph(Graphs.LIVE);
            Set<Node> inStore = new HashSet<>();
            for (Thing thing : twins.all()) {
                Node iri = TwinIris.thing(thing.getEntityId().orElseThrow());
                inStore.add(iri);
                Set<Triple> expected = new HashSet<>();
                GraphMirror.describe(thing, thing.getModified().orElse(clock.instant()), expected, values);
                Set<Triple> present = structureOf(live, iri);
                if (!present.equals(expected)) {
                    present.stream().filter(t -> !expected.contains(t)).forEach(removed::add);
                    expected.stream().filter(t -> !present.contains(t)).forEach(added::add);
                    repaired[0]++;
                }
            }
            live.find(Node.ANY, TG.thingId, Node.ANY).toList().stream().map(Triple::getSubject)
                    .filter(iri -> !inStore.contains(iri))
                    .forEach(orphan -> {
                        removed.addAll(structureOf(live, orphan));
                        repaired[0]++;
                    });
            return null;
        });
        graph.applyLive(new LiveChange(removed, added, List.of(), values));
        if (repaired[0] > 0) {
            LOG.info("Repaired {} twins in the live graph from the twin store", repaired[0]);
        }
    }

    /** Every triple of the twin's own subjects: the twin, its features, points and observations. */
    private static Set<Triple> structureOf(Graph live, Node thingIri) {
        Set<Node> subjects = new HashSet<>();
        subjects.add(thingIri);
        live.find(thingIri, TG.hasFeature, Node.ANY).forEachRemaining(t -> subjects.add(t.getObject()));
        live.find(thingIri, Brick.hasPoint, Node.ANY).forEachRemaining(t -> {
            subjects.add(t.getObject());
            subjects.add(TwinIris.observation(t.getObject()));
        });
        Set<Triple> triples = new HashSet<>();
        subjects.forEach(s -> live.find(s, Node.ANY, Node.ANY).forEachRemaining(triples::add));
        return triples;
    }
}
