package io.twingraph.engine.access;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.graph.impl.GraphBase;
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.util.iterator.ExtendedIterator;
import org.apache.jena.util.iterator.NullIterator;

/** One graph with the triples a caller may not read left out; read-only (GraphBase refuses adds and deletes). */
final class VisibleGraph extends GraphBase {
    private final Graph base;
    private final TripleRules rules;

    VisibleGraph(Graph base, TripleRules rules) {
        this.base = base;
        this.rules = rules;
    }

    @Override
    protected ExtendedIterator<Triple> graphBaseFind(Triple pattern) {
        // a hidden twin named in the pattern matches nothing: no need to scan its triples
        if (hidden(pattern.getSubject()) || hidden(pattern.getObject())) {
            return NullIterator.instance();
        }
        return base.find(pattern).filterKeep(rules::visible);
    }

    @Override
    protected PrefixMapping createPrefixMapping() {
        return base.getPrefixMapping();
    }

    private boolean hidden(Node node) {
        return node.isConcrete() && !rules.visible(node);
    }
}
