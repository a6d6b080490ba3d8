package io.twingraph.engine.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.riot.Lang;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.TG;

/**
 * A reader who may read only the lamp of home1 (A) and not the lamp of home2 (B) queries the same graph as an
 * administrator: every query form, graph pattern and dataset clause sees A and none of B.
 */
class VisibleDatasetTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String A = "https://twingraph.io/thing/home1:lamp";
    private static final String B = "https://twingraph.io/thing/home2:lamp";
    private static final String DECISION_ABOUT_B = "https://twingraph.io/decision/d-b";
    private static final String DECISION_ABOUT_A = "https://twingraph.io/decision/d-a";
    private static final String ROOM = "https://twingraph.io/site/shared/hall";

    static TwinGraphEngine engine;
    static SparqlService sparql;

    /** Reads every part of home1's lamp, nothing of home2's. */
    static final ThingVisibility ONLY_A = new Visibility(Set.of("home1:lamp"), Set.of());

    @BeforeAll
    static void provision() {
        engine = TwinGraphEngine.inMemory(CLOCK);
        engine.provision(List.of(lamp("home1:lamp", "Hall lamp"), lamp("home2:lamp", "Porch lamp")));
        engine.graph().importText("""
                @prefix brick: <https://brickschema.org/schema/Brick#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                <%s> a brick:Room ; rdfs:label "Hall" ;
                    brick:isLocationOf <%s>, <%s> .
                """.formatted(ROOM, A, B), Lang.TURTLE, Graphs.TOPOLOGY, true);
        engine.graph().write(dsg -> {
            dsg.add(Graphs.DECISIONS, iri(DECISION_ABOUT_B), TG.target, iri(B));
            dsg.add(Graphs.DECISIONS, iri(DECISION_ABOUT_B), TG.reason, NodeFactory.createLiteralString("Porch lamp on at night"));
            dsg.add(Graphs.DECISIONS, iri(DECISION_ABOUT_A), TG.target, iri(A));
            dsg.add(Graphs.DECISIONS, iri(DECISION_ABOUT_A), TG.reason, NodeFactory.createLiteralString("Hall lamp on"));
        });
        sparql = new SparqlService(engine.graph(), Duration.ofSeconds(10), 100_000);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void selectSeesEveryTripleOfAAndNoneOfB() {
        List<List<String>> all = rows("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", ThingVisibility.ALL);
        List<List<String>> reader = rows("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", ONLY_A);

        List<List<String>> expected = all.stream()
                .filter(r -> r.stream().noneMatch(t -> t.contains("home2:lamp")) && !r.get(0).equals(DECISION_ABOUT_B))
                .toList();
        assertThat(new HashSet<>(reader)).isEqualTo(new HashSet<>(expected));
        assertThat(reader).anyMatch(r -> r.get(0).startsWith(A + "/features/light/properties/on"));
        assertThat(all).anyMatch(r -> r.get(0).startsWith(B));
    }

    @Test
    void countingDiffersBetweenCallers() {
        String count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
        long all = number(count, ThingVisibility.ALL);
        long reader = number(count, ONLY_A);
        long nobody = number(count, new Visibility(Set.of(), Set.of()));

        assertThat(reader).isLessThan(all).isGreaterThan(nobody);
        assertThat(number("SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a tg:Thing }", ONLY_A)).isEqualTo(1);
        assertThat(number("SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a tg:Thing }", ThingVisibility.ALL)).isEqualTo(2);
    }

    @Test
    void askAndDescribeKnowNothingOfB() {
        assertThat(ask("ASK { <" + B + "> ?p ?o }", ThingVisibility.ALL)).isTrue();
        assertThat(ask("ASK { <" + B + "> ?p ?o }", ONLY_A)).isFalse();
        assertThat(ask("ASK { ?s ?p <" + B + "> }", ONLY_A)).isFalse();
        assertThat(ask("ASK { <" + A + "> ?p ?o }", ONLY_A)).isTrue();
        assertThat(graph("DESCRIBE <" + B + ">", ONLY_A)).isEmpty();
        assertThat(graph("DESCRIBE <" + A + ">", ONLY_A)).isNotEmpty();
    }

    @Test
    void constructBuildsNothingFromB() {
        List<Triple> reader = graph("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", ONLY_A);

        assertThat(reader).isNotEmpty().noneMatch(VisibleDatasetTest::mentionsB);
        assertThat(graph("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", ThingVisibility.ALL)).anyMatch(VisibleDatasetTest::mentionsB);
    }

    @Test
    void namedGraphsAndDatasetClausesAreFilteredToo() {
        assertThat(rows("SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }", ONLY_A))
                .isNotEmpty().noneMatch(r -> r.get(1).contains("home2:lamp"));
        assertThat(rows("SELECT ?s FROM NAMED <" + Graphs.LIVE.getURI() + "> WHERE { GRAPH ?g { ?s ?p ?o } }", ONLY_A))
                .isNotEmpty().noneMatch(r -> r.get(0).contains("home2:lamp"));
        assertThat(rows("SELECT ?s FROM <" + Graphs.LIVE.getURI() + "> WHERE { ?s a tg:Thing }", ThingVisibility.ALL))
                .hasSize(2);
        assertThat(rows("SELECT ?s FROM <" + Graphs.LIVE.getURI() + "> WHERE { ?s a tg:Thing }", ONLY_A))
                .containsExactly(List.of(A));
        assertThat(rows("SELECT ?s WHERE { GRAPH <urn:x-arq:UnionGraph> { ?s a tg:Thing } }", ONLY_A))
                .containsExactly(List.of(A));
        assertThat(rows("SELECT ?s WHERE { GRAPH <urn:x-arq:DefaultGraph> { ?s a tg:Thing } }", ONLY_A))
                .containsExactly(List.of(A));
        SparqlResult protocol = sparql.execute(SparqlService.parse("SELECT ?s WHERE { ?s a tg:Thing }"),
                List.of(Graphs.LIVE.getURI()), List.of(), Duration.ofSeconds(5), 1000, ONLY_A);
        assertThat(values(protocol)).containsExactly(List.of(A));
    }

    @Test
    void topologyLinksAndPropertyPathsStopAtB() {
        assertThat(rows("SELECT ?d WHERE { <" + ROOM + "> brick:isLocationOf ?d }", ThingVisibility.ALL)).hasSize(2);
        assertThat(rows("SELECT ?d WHERE { <" + ROOM + "> brick:isLocationOf ?d }", ONLY_A)).containsExactly(List.of(A));
        assertThat(rows("SELECT DISTINCT ?x WHERE { <" + ROOM + "> brick:isLocationOf/brick:hasPoint/brick:lastKnownValue ?x }", ONLY_A))
                .isNotEmpty().allMatch(r -> r.get(0).startsWith(A));
        assertThat(rows("SELECT DISTINCT ?x WHERE { <" + ROOM + "> (brick:isLocationOf|brick:hasPoint|tg:hasFeature)+ ?x }", ONLY_A))
                .isNotEmpty().noneMatch(r -> r.get(0).contains("home2:lamp"));
        assertThat(rows("SELECT ?x WHERE { ?x ^brick:isLocationOf <" + ROOM + "> ; rdfs:label ?l }", ONLY_A))
                .containsExactly(List.of(A));
    }

    @Test
    void decisionsAboutBAreHiddenWithTheirReasons() {
        List<List<String>> reasons = rows("SELECT ?r WHERE { ?d tg:reason ?r }", ONLY_A);

        assertThat(reasons).containsExactly(List.of("Hall lamp on"));
        assertThat(rows("SELECT ?r WHERE { ?d tg:reason ?r }", ThingVisibility.ALL)).hasSize(2);
    }

    @Test
    void aRevokedFeatureHidesItsNodesAndTheStateDerivedFromFeatures() {
        ThingVisibility noPower = new Visibility(Set.of("home1:lamp"), Set.of("home1:lamp/features/power"));

        assertThat(ask("ASK { <" + A + "/features/power> ?p ?o }", noPower)).isFalse();
        assertThat(ask("ASK { <" + A + "> brick:hasPoint <" + A + "/features/power/properties/watts> }", noPower)).isFalse();
        assertThat(ask("ASK { <" + A + "/features/power/properties/watts#obs> ?p ?o }", noPower)).isFalse();
        assertThat(ask("ASK { <" + A + "/features/light/properties/on> ?p ?o }", noPower)).isTrue();
        assertThat(ask("ASK { <" + A + "> saref:hasState ?s }", noPower)).as("needs all of /features").isFalse();
        assertThat(ask("ASK { <" + A + "> saref:hasState ?s }", ONLY_A)).isTrue();
        assertThat(ask("ASK { <" + A + "> rdfs:label \"Hall lamp\" }", noPower)).isTrue();
    }

    @Test
    void aRevokedAttributeHidesTheStatementMadeFromIt() {
        ThingVisibility noName = new Visibility(Set.of("home1:lamp"), Set.of("home1:lamp/attributes/name"));

        assertThat(ask("ASK { <" + A + "> rdfs:label ?l }", noName)).isFalse();
        assertThat(ask("ASK { <" + A + "> tg:attributes ?json }", noName)).as("all attributes as JSON").isFalse();
        assertThat(ask("ASK { <" + A + "> a brick:Luminaire }", noName)).isTrue();
        assertThat(ask("ASK { <" + A + "> brick:hasLocation ?room }", noName)).isTrue();
    }

    // ---- helpers

    private static org.eclipse.ditto.things.model.Thing lamp(String id, String name) {
        return ThingsModelFactory.newThing("""
                {"thingId": "%s", "attributes": {"name": "%s", "class": "Luminaire", "location": "%s"},
                 "features": {"light": {"properties": {"on": true}}, "power": {"properties": {"watts": 9.5}}}}"""
                .formatted(id, name, ROOM));
    }

    private static boolean mentionsB(Triple t) {
        return t.getSubject().toString().contains("home2:lamp") || t.getObject().toString().contains("home2:lamp")
                || t.getSubject().toString().equals(DECISION_ABOUT_B);
    }

    private static Node iri(String iri) {
        return NodeFactory.createURI(iri);
    }

    private static SparqlResult run(String query, ThingVisibility visibility) {
        return sparql.execute(SparqlService.parse(query), List.of(), List.of(), Duration.ofSeconds(10), 100_000, visibility);
    }

    private static List<List<String>> rows(String query, ThingVisibility visibility) {
        return values(run(query, visibility));
    }

    private static List<List<String>> values(SparqlResult result) {
        List<List<String>> out = new ArrayList<>();
        List<String> vars = result.rows().getResultVars();
        while (result.rows().hasNext()) {
            QuerySolution s = result.rows().next();
            List<String> row = new ArrayList<>();
            for (String v : vars) {
                var node = s.get(v);
                row.add(node == null ? "" : node.isLiteral() ? node.asLiteral().getLexicalForm() : node.toString());
            }
            out.add(row);
        }
        return out;
    }

    private static long number(String query, ThingVisibility visibility) {
        return Long.parseLong(rows(query, visibility).get(0).get(0));
    }

    private static boolean ask(String query, ThingVisibility visibility) {
        return run(query, visibility).bool();
    }

    private static List<Triple> graph(String query, ThingVisibility visibility) {
        return run(query, visibility).graph().find().toList();
    }

    /** Readable things by id; denied resource paths as {@code thingId/path} prefixes. */
    private record Visibility(Set<String> things, Set<String> denied) implements ThingVisibility {
        @Override
        public boolean canRead(ThingId thingId, JsonPointer path) {
            String at = thingId + (path.isEmpty() ? "" : path.toString());
            return things.contains(thingId.toString()) && denied.stream().noneMatch(at::startsWith);
        }

        @Override
        public boolean canReadAll(ThingId thingId, JsonPointer path) {
            String at = thingId + (path.isEmpty() ? "" : path.toString());
            return things.contains(thingId.toString()) && denied.stream().noneMatch(d -> d.startsWith(at) || at.startsWith(d));
        }
    }
}
