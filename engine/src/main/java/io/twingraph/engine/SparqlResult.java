package io.twingraph.engine;

import java.util.Objects;

import org.apache.jena.graph.Graph;
import org.apache.jena.query.Query;
import org.apache.jena.query.ResultSetRewindable;
import org.apache.jena.rdf.model.RDFNode;

/**
 * A query's complete result, read inside the query's transaction and time limit so that writing it out cannot fail
 * half-way: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT and DESCRIBE.
 */
public record SparqlResult(Query query, ResultSetRewindable rows, Boolean bool, Graph graph) {
    public SparqlResult {
        Objects.requireNonNull(query, "query");
        int kinds = (rows != null ? 1 : 0) + (bool != null ? 1 : 0) + (graph != null ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalArgumentException("exactly one of rows, bool and graph");
        }
    }

    public boolean isRows() {
        return rows != null;
    }

    public boolean isBoolean() {
        return bool != null;
    }

    public boolean isGraph() {
        return graph != null;
    }

    /** A result term as plain Java: numbers, booleans and strings as themselves, other literals by their text, IRIs as text. */
    public static Object plain(RDFNode node) {
        if (node == null) {
            return null;
        }
        if (node.isLiteral()) {
            Object v = node.asLiteral().getValue();
            return v instanceof Number || v instanceof Boolean || v instanceof String ? v : node.asLiteral().getLexicalForm();
        }
        return node.isURIResource() ? node.asResource().getURI() : node.toString();
    }
}
