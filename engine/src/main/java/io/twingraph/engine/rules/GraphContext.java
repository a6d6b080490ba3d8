package io.twingraph.engine.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.query.QuerySolution;

import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;
import io.twingraph.engine.query.GuardedQuery;
import io.twingraph.engine.query.QueryGuard;
import io.twingraph.error.TwinGraphException;

/**
 * SPARQL context for rules, as the global {@code graph}: {@code graph.ask("ASK { <room> a brick:Room }")} and
 * {@code graph.select("SELECT ?x WHERE {...}")}. Read-only, the usual prefixes predeclared, a two-second time limit
 * and at most 1,000 rows: a rule waits for its query, and so does every event behind it. Queries go through the
 * {@link QueryGuard} like every other untrusted query (so SERVICE and updates are refused), with every graph of the
 * store visible.
 */
public final class GraphContext {
    private static final Duration TIME_LIMIT = Duration.ofSeconds(2);
    private static final int MAX_ROWS = 1000;
    private static final QueryGuard GUARD = QueryGuard.builder()
            .forms(QueryGuard.Form.ASK, QueryGuard.Form.SELECT)
            .limit(MAX_ROWS)
            .timeout(TIME_LIMIT)
            .anyGraph()
            .build();

    /** Checked queries by text, most recently used last: rules ask the same few queries again and again. */
    private static final int CACHED = 256;

    private final SparqlService sparql;
    private final Map<String, GuardedQuery> checked = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, GuardedQuery> eldest) {
                    return size() > CACHED;
                }
            });

    GraphContext(SparqlService sparql) {
        this.sparql = sparql;
    }

    /** The answer of an ASK query. */
    public boolean ask(String query) {
        GuardedQuery q = check(query);
        if (!q.query().isAskType()) {
            throw new IllegalArgumentException("graph.ask needs an ASK query");
        }
        return Boolean.TRUE.equals(GUARD.run(sparql, q).bool());
    }

    /** The rows of a SELECT query: variable name to value (IRI as string, literals as Java values). */
    public List<Map<String, Object>> select(String query) {
        GuardedQuery q = check(query);
        if (!q.query().isSelectType()) {
            throw new IllegalArgumentException("graph.select needs a SELECT query");
        }
        SparqlResult result = GUARD.run(sparql, q);
        List<Map<String, Object>> rows = new ArrayList<>();
        while (result.rows().hasNext()) {
            QuerySolution s = result.rows().next();
            Map<String, Object> row = new LinkedHashMap<>();
            s.varNames().forEachRemaining(v -> row.put(v, SparqlResult.plain(s.get(v))));
            rows.add(row);
        }
        return rows;
    }

    /**
     * Parse and guard checks, remembered per text (a check costs about five parses: the guard writes the query back
     * as text and parses that). Failures reach the rule as IllegalArgumentException, as parse errors always did.
     */
    private GuardedQuery check(String text) {
        GuardedQuery known = text == null ? null : checked.get(text);
        if (known != null) {
            return known;
        }
        try {
            GuardedQuery q = GUARD.check(text);
            checked.put(text, q);
            return q;
        } catch (TwinGraphException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
