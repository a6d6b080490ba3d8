package io.twingraph.engine;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.jena.graph.Node;
import org.apache.jena.query.Dataset;
import org.apache.jena.sparql.core.DatasetGraph;

import io.twingraph.engine.graph.TdbKnowledgeGraph;

/**
 * The knowledge graph: TwinGraph's named graphs ({@link io.twingraph.ontology.Graphs}) in a TDB2 dataset on disk,
 * except the current values of the live graph (observed values and times, twin revisions), which are kept in memory
 * and rebuilt from the twin store at start. The default graph of every query is the union of the named graphs.
 *
 * <p>Why the split: values change with every reading; written to TDB2 they cost a write transaction per batch that
 * copies most index blocks (TDB2 is copy-on-write), which measured 8,000 events/s and 17 MB of file growth per
 * batch. In memory they cost microseconds and no disk, and the twin store keeps them durable anyway.
 *
 * <p>Readers run on committed snapshots (TDB2's read transaction plus one values snapshot) and never block the
 * writer; writes are serialised. Close it to release the directory.
 */
public interface KnowledgeGraph extends AutoCloseable {

    /** Opens (or creates) the graph in a directory. Fails if another process holds it. */
    static KnowledgeGraph open(Path directory) {
        return TdbKnowledgeGraph.open(directory);
    }

    /** A graph in memory (tests, evaluations). */
    static KnowledgeGraph inMemory() {
        return TdbKnowledgeGraph.inMemory();
    }

    /** Runs {@code reader} in a read transaction on the latest committed state. */
    <T> T read(Function<Dataset, T> reader);

    /**
     * Runs {@code writer} in a TDB2 write transaction, committed when it returns normally, aborted when it throws. For
     * the durable graphs (topology, decisions, plans); the live graph changes only through {@link #applyLive}.
     */
    void write(Consumer<DatasetGraph> writer);

    /**
     * Applies a change of the live graph: structure in one TDB2 write transaction (only when the change has any),
     * then values into a new in-memory snapshot. For the engine's single writer only.
     */
    void applyLive(LiveChange change);

    /**
     * Loads an RDF file (Turtle, N-Triples, RDF/XML, JSON-LD, TriG or N-Quads, by extension) into a named graph.
     * Quads formats keep their own graph names. Nothing is changed if the file does not parse.
     *
     * @param replace true to empty the graph first
     * @return the number of triples (or quads) read from the file
     */
    long importFile(Path file, Node graph, boolean replace);

    /**
     * Loads RDF text in the given syntax into a named graph, like {@link #importFile}.
     *
     * @param lang e.g. {@code org.apache.jena.riot.Lang.TURTLE}
     */
    long importText(String text, org.apache.jena.riot.Lang lang, Node graph, boolean replace);

    /** The number of triples in a named graph. */
    long size(Node graph);

    /**
     * A number that grows with every write of stored triples (imports, graph store requests, twins created or
     * deleted, decisions); live values do not count. Readers that derive something from the stored graph compare it to
     * know when to derive again.
     */
    long generation();

    /**
     * Rewrites the stored graphs into a new generation holding only what is current and deletes the old one (TDB2
     * writes copy-on-write: deleted triples and their terms stay in the files until then). Writes wait while it runs;
     * readers go on. Nothing to do for a graph in memory.
     */
    default void compact() {
    }

    @Override
    void close();
}
