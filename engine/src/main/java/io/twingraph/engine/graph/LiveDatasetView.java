package io.twingraph.engine.graph;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.impl.GraphBase;
import org.apache.jena.riot.system.PrefixMap;
import org.apache.jena.riot.system.PrefixMapFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.graph.GraphUnionRead;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.util.iterator.ExtendedIterator;

import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.Namespaces;

/**
 * What a query sees: TDB2's named graphs, with the live graph made of the twins' structure (from TDB2) and their
 * current values (one in-memory snapshot), and a default graph that is the union of all named graphs. Read-only;
 * the caller holds TDB2's read transaction for as long as it uses the view.
 */
final class LiveDatasetView extends ReadOnlyDatasetView {
    private static final PrefixMap PREFIXES = PrefixMapFactory.create(Namespaces.PREFIXES);

    private final DatasetGraph tdb;
    private final Graph values;
    private final Context context = new Context();

    LiveDatasetView(DatasetGraph tdb, Graph values) {
        super("the query view of the knowledge graph");
        this.tdb = tdb;
        this.values = values;
    }

    @Override
    public Iterator<Node> listGraphNodes() {
        Set<Node> names = new LinkedHashSet<>();
        tdb.listGraphNodes().forEachRemaining(names::add);
        if (!values.isEmpty()) {
            names.add(Graphs.LIVE);
        }
        return names.iterator();
    }

    @Override
    public Graph getDefaultGraph() {
        return getUnionGraph();
    }

    @Override
    public Graph getUnionGraph() {
        return new GraphUnionRead(this);
    }

    @Override
    public Graph getGraph(Node graphNode) {
        if (Graphs.LIVE.equals(graphNode)) {
            return new Concatenation(tdb.getGraph(Graphs.LIVE), values);
        }
        return tdb.getGraph(graphNode);
    }

    @Override
    public boolean containsGraph(Node graphNode) {
        return Graphs.LIVE.equals(graphNode) ? !values.isEmpty() || tdb.containsGraph(graphNode) : tdb.containsGraph(graphNode);
    }

    @Override
    public PrefixMap prefixes() {
        return PREFIXES;
    }

    @Override
    public Context getContext() {
        return context;
    }

    /** Two graphs with no triple in common (structure and values have different predicates): no de-duplication. */
    private static final class Concatenation extends GraphBase {
        private final Graph first;
        private final Graph second;

        Concatenation(Graph first, Graph second) {
            this.first = first;
            this.second = second;
        }

        @Override
        protected ExtendedIterator<Triple> graphBaseFind(Triple pattern) {
            return first.find(pattern).andThen(second.find(pattern));
        }

        @Override
        protected int graphBaseSize() {
            return first.size() + second.size();
        }
    }
}
