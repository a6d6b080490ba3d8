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

import org.apache.jena.graph.Node;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.engine.ingest.SingleWriter;
import io.twingraph.engine.mirror.GraphMirror;
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
 * <p>At start the live graph is repaired against the twin store, twin by twin, by revision: the store is committed
 * before the graph, so after a crash the graph can only be behind. Close the engine to write what is queued and
 * release the data directory.
 */
public final class TwinGraphEngine implements TwinInbox, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TwinGraphEngine.class);

    /** Sizes of the writer. */
    public record Settings(int queueCapacity, int maxBatch) {
        public static final Settings DEFAULTS = new Settings(65_536, 4_096);

        public Settings {
            if (queueCapacity < 1 || maxBatch < 1) {
                throw new IllegalArgumentException("queueCapacity and maxBatch must be positive");
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
        this.writer = new SingleWriter(twins, graph, deadLetters, clock, settings.queueCapacity(), settings.maxBatch());
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

    private void repairGraph() {
        GraphMirror mirror = new GraphMirror();
        int[] repaired = {0};
        graph.write(dsg -> {
            Set<ThingId> inStore = new HashSet<>();
            for (Thing thing : twins.all()) {
                ThingId id = thing.getEntityId().orElseThrow();
                inStore.add(id);
                long revision = thing.getRevision().map(r -> r.toLong()).orElse(0L);
                if (GraphMirror.revisionInGraph(dsg, id) != revision) {
                    mirror.resync(dsg, id, thing, thing.getModified().orElse(clock.instant()));
                    repaired[0]++;
                }
            }
            List<ThingId> orphans = new ArrayList<>();
            dsg.find(Graphs.LIVE, Node.ANY, TG.thingId, Node.ANY).forEachRemaining(q -> {
                ThingId id = ThingId.of(q.getObject().getLiteralLexicalForm());
                if (!inStore.contains(id)) {
                    orphans.add(id);
                }
            });
            orphans.forEach(id -> mirror.resync(dsg, id, null, clock.instant()));
            repaired[0] += orphans.size();
        });
        if (repaired[0] > 0) {
            LOG.info("Repaired {} twins in the live graph from the twin store", repaired[0]);
        }
    }
}
