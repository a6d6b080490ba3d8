package io.twingraph.engine.graph;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.ReadWrite;
import org.apache.jena.query.TxnType;
import org.apache.jena.sparql.core.DatasetGraphCollection;

/**
 * A dataset view that queries read inside a transaction someone else holds: no graph may be added or removed, no
 * transaction begun or ended through it, and it reports itself as always in a read transaction (so Jena's query
 * engine does not try to start one). Subclasses say which graphs it shows.
 */
public abstract class ReadOnlyDatasetView extends DatasetGraphCollection {
    private final String name;

    /** @param name what the view is, for the message of a refused write ("the query view of the knowledge graph") */
    protected ReadOnlyDatasetView(String name) {
        this.name = name;
    }

    @Override
    public final void addGraph(Node graphName, Graph graph) {
        throw readOnly();
    }

    @Override
    public final void removeGraph(Node graphName) {
        throw readOnly();
    }

    @Override
    public final boolean supportsTransactions() {
        return false;
    }

    @Override
    public final void begin(TxnType type) {
        throw readOnly();
    }

    @Override
    public final void begin(ReadWrite readWrite) {
        throw readOnly();
    }

    @Override
    public final boolean promote(Promote mode) {
        return false;
    }

    @Override
    public final void commit() {
        throw readOnly();
    }

    @Override
    public final void abort() {
        throw readOnly();
    }

    @Override
    public final void end() {
        // the caller owns the underlying transaction
    }

    @Override
    public final ReadWrite transactionMode() {
        return ReadWrite.READ;
    }

    @Override
    public final TxnType transactionType() {
        return TxnType.READ;
    }

    @Override
    public final boolean isInTransaction() {
        return true;
    }

    private UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException(name + " is read-only");
    }
}
