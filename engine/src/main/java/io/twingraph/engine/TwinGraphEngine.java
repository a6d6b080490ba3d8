package io.twingraph.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.engine.ingest.SingleWriter;
import io.twingraph.engine.mirror.GraphMirror;
import io.twingraph.ontology.Brick;
import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.TG;
import io.twingraph.twins.DeadLetters;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.TwinInbox;
import io.twingraph.twins.TwinStore;

/**
 * TwinGraph's engine: the twin store, the knowledge graph, the dead-letter log and the single writer that keeps the
 * first two in step. Every change goes through {@link #submit(TwinCommand)} (callers that wait for the outcome) or
 * {@link #submit(TwinCommand, String, String)} (device input, failures become dead letters).
 *
 * <p>At start the live graph is repaired against the twin store, twin by twin: the store is committed before the
 * graph, so after a crash the graph can only be behind. Close the engine to write what is queued and
 * release the data directory.
 */
public final class TwinGraphEngine implements TwinInbox, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TwinGraphEngine.class);

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
    private final DeadLetters deadLetters;
    private final SingleWriter writer;
    private final Clock clock;

    private TwinGraphEngine(TwinStore twins, KnowledgeGraph graph, DeadLetters deadLetters, Clock clock, Settings settings) {
        this.twins = twins;
        this.graph = graph;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.writer = new SingleWriter(twins, graph, deadLetters, clock, settings.queueCapacity(), settings.maxBatch(),
                settings.commitInterval());
    }

    /**
     * Opens the engine on a data directory: {@code twins.mv} (twin store), {@code graph/} (TDB2) and
     * {@code dead-letters.jsonl}.
     */
    public static TwinGraphEngine open(Path dataDir, Clock clock, Settings settings) {
        TwinStore twins = TwinStore.open(dataDir.resolve("twins.mv"));
        KnowledgeGraph graph;
        try {
            graph = KnowledgeGraph.open(dataDir.resolve("graph"));
        } catch (RuntimeException e) {
            twins.close();
            throw e;
        }
        return start(twins, graph, DeadLetters.toFile(dataDir.resolve("dead-letters.jsonl")), clock, settings);
    }

    /** An engine that keeps nothing on disk. */
    public static TwinGraphEngine inMemory(Clock clock) {
        return start(TwinStore.inMemory(), KnowledgeGraph.inMemory(), DeadLetters.inMemory(), clock, Settings.DEFAULTS);
    }

    private static TwinGraphEngine start(TwinStore twins, KnowledgeGraph graph, DeadLetters deadLetters, Clock clock,
                                         Settings settings) {
        TwinGraphEngine engine = new TwinGraphEngine(twins, graph, deadLetters, clock, settings);
        engine.repairGraph();
        engine.writer.start();
        return engine;
    }

    /** Applies a command; the future completes after the change is in the store and the graph. */
    public CompletableFuture<TwinEvent> submit(TwinCommand command) {
        return writer.submit(command);
    }

    @Override
    public void submit(TwinCommand command, String source, String payload) {
        writer.submit(command, source, payload);
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

    /** Tells {@code listener} about every batch of events after it is in store and graph, on the writer thread. */
    public void onCommitted(Consumer<List<TwinEvent>> listener) {
        writer.addListener(listener);
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
        twins.commit();
        twins.close();
        graph.close();
        deadLetters.close();
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
