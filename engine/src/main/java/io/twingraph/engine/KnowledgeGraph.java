package io.twingraph.engine;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.jena.graph.Node;
import org.apache.jena.query.Dataset;
import org.apache.jena.sparql.core.DatasetGraph;

import io.twingraph.engine.graph.TdbKnowledgeGraph;

/**
 * The knowledge graph: a TDB2 dataset on disk with TwinGraph's named graphs ({@link io.twingraph.ontology.Graphs}).
 * The default graph of every query is the union of the named graphs.
 *
 * <p>Readers run on committed snapshots and never block the writer; writes are serialised (TDB2 allows one write
 * transaction at a time). Close it to release the directory.
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

    /** Runs {@code writer} in a write transaction, committed when it returns normally, aborted when it throws. */
    void write(Consumer<DatasetGraph> writer);

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

    @Override
    void close();
}
