package io.twingraph.engine.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.query.Query;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.rdf.model.RDFNode;

import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;
import io.twingraph.error.TwinGraphException;

/**
 * SPARQL context for rules, as the global {@code graph}: {@code graph.ask("ASK { <room> a brick:Room }")} and
 * {@code graph.select("SELECT ?x WHERE {...}")}. Read-only, the usual prefixes predeclared, a two-second time limit
 * and at most 1,000 rows: a rule waits for its query, and so does every event behind it.
 */
public final class GraphContext {
    private static final Duration TIME_LIMIT = Duration.ofSeconds(2);
    private static final int MAX_ROWS = 1000;

    private final SparqlService sparql;

    GraphContext(SparqlService sparql) {
        this.sparql = sparql;
    }

    /** The answer of an ASK query. */
    public boolean ask(String query) {
        Query q = parse(query);
        if (!q.isAskType()) {
            throw new IllegalArgumentException("graph.ask needs an ASK query");
        }
        return Boolean.TRUE.equals(sparql.execute(q, List.of(), List.of(), TIME_LIMIT).bool());
    }

    /** The rows of a SELECT query: variable name to value (IRI as string, literals as Java values). */
    public List<Map<String, Object>> select(String query) {
        Query q = parse(query);
        if (!q.isSelectType()) {
            throw new IllegalArgumentException("graph.select needs a SELECT query");
        }
        if (!q.hasLimit() || q.getLimit() > MAX_ROWS) {
            q.setLimit(MAX_ROWS);
        }
        SparqlResult result = sparql.execute(q, List.of(), List.of(), TIME_LIMIT);
        List<Map<String, Object>> rows = new ArrayList<>();
        while (result.rows().hasNext()) {
            QuerySolution s = result.rows().next();
            Map<String, Object> row = new LinkedHashMap<>();
            s.varNames().forEachRemaining(v -> row.put(v, value(s.get(v))));
            rows.add(row);
        }
        return rows;
    }

    private static Query parse(String text) {
        try {
            return SparqlService.parse(text);
        } catch (TwinGraphException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Object value(RDFNode node) {
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
