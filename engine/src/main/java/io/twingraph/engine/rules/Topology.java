package io.twingraph.engine.rules;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.jena.query.QuerySolution;

import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;

/**
 * Names and floors of spaces, read from the graph (imported models and the simulated homes) and cached. A space the
 * cache does not know makes it reload, at most every ten seconds, so that a model imported later is picked up.
 */
final class Topology {
    record Space(String name, String floor, String floorName) {
        static final Space UNKNOWN = new Space("", "", "");
    }

    private static final String QUERY = """
            SELECT ?space ?name ?floor ?floorName WHERE {
              { ?device brick:hasLocation ?space } UNION { ?space a brick:Room } UNION { ?space a brick:Space }
              OPTIONAL { ?space rdfs:label ?name }
              OPTIONAL { ?space brick:isPartOf+ ?floor . ?floor a brick:Floor . OPTIONAL { ?floor rdfs:label ?floorName } }
            }""";
    private static final long RELOAD_MILLIS = 10_000;

    private final SparqlService sparql;
    private Map<String, Space> spaces = Map.of();
    private long loadedAt = Long.MIN_VALUE / 2;

    Topology(SparqlService sparql) {
        this.sparql = sparql;
    }

    Space space(String iri, long now) {
        if (iri.isEmpty()) {
            return Space.UNKNOWN;
        }
        Space s = spaces.get(iri);
        if (s == null && now - loadedAt >= RELOAD_MILLIS) {
            reload(now);
            s = spaces.get(iri);
        }
        return s == null ? Space.UNKNOWN : s;
    }

    void reload(long now) {
        Map<String, Space> loaded = new HashMap<>();
        SparqlResult result = sparql.execute(SparqlService.parse(QUERY), java.util.List.of(), java.util.List.of(),
                Duration.ofSeconds(10));
        while (result.rows().hasNext()) {
            QuerySolution row = result.rows().next();
            if (!row.get("space").isURIResource()) {
                continue;
            }
            String iri = row.getResource("space").getURI();
            String name = row.contains("name") ? row.getLiteral("name").getLexicalForm() : "";
            String floor = row.contains("floor") ? row.getResource("floor").getURI() : "";
            String floorName = row.contains("floorName") ? row.getLiteral("floorName").getLexicalForm() : "";
            loaded.merge(iri, new Space(name, floor, floorName),
                    (a, b) -> new Space(a.name().isEmpty() ? b.name() : a.name(), a.floor().isEmpty() ? b.floor() : a.floor(),
                            a.floorName().isEmpty() ? b.floorName() : a.floorName()));
        }
        spaces = loaded;
        loadedAt = now;
    }
}
