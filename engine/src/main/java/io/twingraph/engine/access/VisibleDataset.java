package io.twingraph.engine.access;

import java.util.Iterator;
import java.util.Objects;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.system.PrefixMap;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphCollection;
import org.apache.jena.sparql.util.Context;

import io.twingraph.engine.graph.ReadOnlyDatasetView;

/**
 * A read-only view of a dataset in which one caller sees only the triples of the twins it may read: every triple whose
 * subject or object is the IRI of a twin, or of a part of one (feature, point, observation), that the caller may not
 * read is left out, in every graph, the default (union) graph included; so are the decisions and planned slots about
 * such twins. What is left out is decided once per node and per query ({@link TripleRules}).
 *
 * <p>Every query form and graph pattern reads triples through {@link #getGraph}, {@link #getDefaultGraph} and
 * {@link #getUnionGraph} (Jena's {@link DatasetGraphCollection} routes {@code GRAPH ?g}, quad finds and the union
 * through them), so none can reach an unfiltered graph. Use one view per query: its caches are not thread-safe and
 * hold the answers of the moment it was made.
 */
public final class VisibleDataset extends ReadOnlyDatasetView {
    private final DatasetGraph base;
    private final TripleRules rules;

    private VisibleDataset(DatasetGraph base, ThingVisibility visibility) {
        super("the policy-filtered view of the knowledge graph");
        this.base = base;
        this.rules = new TripleRules(visibility, base);
    }

    /**
     * The view of {@code base} for a caller; {@code base} itself for {@link ThingVisibility#ALL}. The caller keeps
     * {@code base}'s read transaction open while it uses the view.
     */
    public static DatasetGraph of(DatasetGraph base, ThingVisibility visibility) {
        Objects.requireNonNull(base, "base");
        if (Objects.requireNonNull(visibility, "visibility") == ThingVisibility.ALL) {
            return base;
        }
        return new VisibleDataset(base, visibility);
    }

    @Override
    public Iterator<Node> listGraphNodes() {
        return base.listGraphNodes();
    }

    @Override
    public Graph getDefaultGraph() {
        return new VisibleGraph(base.getDefaultGraph(), rules);
    }

    @Override
    public Graph getUnionGraph() {
        return new VisibleGraph(base.getUnionGraph(), rules);
    }

    @Override
    public Graph getGraph(Node graphNode) {
        Graph graph = base.getGraph(graphNode);
        return graph == null ? null : new VisibleGraph(graph, rules);
    }

    @Override
    public boolean containsGraph(Node graphNode) {
        return base.containsGraph(graphNode);
    }

    @Override
    public PrefixMap prefixes() {
        return base.prefixes();
    }

    @Override
    public Context getContext() {
        return base.getContext();
    }

}
