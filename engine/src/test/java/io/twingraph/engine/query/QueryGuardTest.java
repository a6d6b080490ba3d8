package io.twingraph.engine.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.riot.Lang;
import org.apache.jena.sparql.algebra.Algebra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.SparqlService;
import io.twingraph.error.TwinGraphException;
import io.twingraph.ontology.Graphs;

class QueryGuardTest {
    private static final int ROOMS = 400;
    private static final String SECRET = "https://example.org/secret";
    private static final String EVIL = "http://evil.example/sparql";

    private static KnowledgeGraph graph;
    private static SparqlService sparql;
    private static long topologySize;

    private final QueryGuard guard = QueryGuard.defaults();

    @BeforeAll
    static void data() {
        graph = KnowledgeGraph.inMemory();
        StringBuilder ttl = new StringBuilder("""
                @prefix brick: <https://brickschema.org/schema/Brick#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix site: <https://twingraph.io/site/> .
                """);
        for (int i = 0; i < ROOMS; i++) {
            // 5 triples a room: 2,000 in all
            ttl.append("site:r").append(i).append(" a brick:Room ; rdfs:label \"Room ").append(i)
                    .append("\" ; brick:isPartOf site:floor").append(i % 4).append(" .\n");
            ttl.append("site:s").append(i).append(" a brick:Temperature_Sensor ; brick:hasLocation site:r").append(i).append(" .\n");
        }
        graph.importText(ttl.toString(), Lang.TURTLE, Graphs.TOPOLOGY, true);
        graph.importText("<https://example.org/vault> <https://example.org/code> \"secret\" .", Lang.TURTLE,
                NodeFactory.createURI(SECRET), true);
        topologySize = graph.size(Graphs.TOPOLOGY);
        sparql = new SparqlService(graph, Duration.ofSeconds(30), 1_000_000);
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    private TwinGraphException refusal(QueryGuard g, String query) {
        TwinGraphException e = catchThrowableOfType(TwinGraphException.class, () -> g.check(query));
        assertThat(e).as("refused: %s", query).isNotNull();
        assertThat(e.code()).isEqualTo(QueryGuard.REFUSED);
        assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.INVALID);
        assertThat(e.description()).contains("read-only");
        return e;
    }

    private TwinGraphException refusal(String query) {
        return refusal(guard, query);
    }

    private static List<String> column(SparqlResult result, String var) {
        List<String> values = new ArrayList<>();
        while (result.rows().hasNext()) {
            QuerySolution s = result.rows().next();
            values.add(s.get(var).isLiteral() ? s.getLiteral(var).getLexicalForm() : s.get(var).toString());
        }
        return values;
    }

    // ---- updates --------------------------------------------------------------------------------------------------

    @Test
    void insertDataIsRefusedAsAnUpdateAndNothingIsWritten() {
        TwinGraphException e = refusal("INSERT DATA { <https://example.org/a> <https://example.org/b> \"c\" }");
        assertThat(e.getMessage()).isEqualTo("Query refused: This is a SPARQL update (INSERT); updates are not allowed, "
                + "only read-only SELECT and ASK queries.");
        assertThat(graph.size(Graphs.TOPOLOGY)).isEqualTo(topologySize);
    }

    @Test
    void updatesUsingThePredeclaredPrefixesAreRecognisedAsUpdates() {
        assertThat(refusal("INSERT DATA { GRAPH <https://twingraph.io/graph/topology> { site:x rdfs:label \"x\" } }")
                .getMessage()).contains("SPARQL update (INSERT)", "updates are not allowed");
    }

    @Test
    void deleteWhereIsRefusedAsAnUpdate() {
        assertThat(refusal("DELETE WHERE { ?s ?p ?o }").getMessage()).contains("SPARQL update (DELETE)", "not allowed");
        assertThat(graph.size(Graphs.TOPOLOGY)).isEqualTo(topologySize);
    }

    @Test
    void loadIsRefusedAsAnUpdate() {
        assertThat(refusal("LOAD <http://evil.example/data.ttl> INTO GRAPH <https://twingraph.io/graph/topology>")
                .getMessage()).contains("SPARQL update (LOAD)", "not allowed");
    }

    @Test
    void dropAllIsRefusedAsAnUpdate() {
        assertThat(refusal("DROP ALL").getMessage()).contains("SPARQL update (DROP)", "not allowed");
        assertThat(refusal("clear default").getMessage()).contains("SPARQL update (CLEAR)");
        assertThat(refusal("WITH <https://twingraph.io/graph/live> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
                .getMessage()).contains("SPARQL update (WITH)");
    }

    // ---- smuggling ------------------------------------------------------------------------------------------------

    @Test
    void anUpdateAfterACommentIsStillAnUpdate() {
        assertThat(refusal("SELECT * WHERE { ?s ?p ?o } # just a comment\nINSERT DATA { <https://e.org/a> <https://e.org/b> 1 }")
                .getMessage()).contains("SPARQL update (INSERT)", "not allowed");
        assertThat(refusal("# SELECT * WHERE { ?s ?p ?o }\nDROP ALL").getMessage()).contains("SPARQL update (DROP)");
    }

    @Test
    void updateWordsInCommentsStringsAndNamesOfAQueryThatParsesAreHarmless() {
        GuardedQuery q = guard.check("""
                # this query does not INSERT or DROP anything
                SELECT ?insert WHERE { ?insert rdfs:label "DELETE WHERE { ?s ?p ?o }" . ?insert brick:isPartOf ?drop }""");
        assertThat(q.text()).doesNotContain("# this query").contains("\"DELETE WHERE { ?s ?p ?o }\"");
        assertThat(guard.run(sparql, q).rows().hasNext()).isFalse();
    }

    @Test
    void aQueryThatDoesNotParseButNamesNoUpdateIsASyntaxError() {
        TwinGraphException e = catchThrowableOfType(TwinGraphException.class,
                () -> guard.check("SELECT ?x WHERE { ?x rdfs:label \"add copy move\" "));
        assertThat(e.code()).isEqualTo("sparql:query.invalid");
        assertThat(e.getMessage()).startsWith("SPARQL syntax error (line 1");
    }

    @Test
    void twoStatementsAreRefused() {
        assertThat(refusal("SELECT * WHERE { ?s ?p ?o } ; SELECT * WHERE { ?s ?p ?o }").getMessage())
                .isEqualTo("Query refused: Only one query may run at a time; found ';' after the query (line 1, column 29).");
        assertThat(refusal("ASK { ?s ?p ?o } ; DROP ALL").getMessage()).contains("SPARQL update (DROP)");
        assertThat(refusal("INSERT DATA { <https://e.org/a> <https://e.org/b> 1 } ; DROP ALL").getMessage())
                .contains("SPARQL update (INSERT)");
    }

    @Test
    void unicodeEscapesDoNotHideKeywordsOrIris() {
        assertThat(refusal("SELECT * WHERE { SERVIC\\u0045 <" + EVIL + "> { ?s ?p ?o } }").getMessage())
                .contains("SERVICE <" + EVIL + "> is not allowed");
        assertThat(refusal("\\u0049NSERT DATA { <https://e.org/a> <https://e.org/b> 1 }").getMessage())
                .contains("SPARQL update (INSERT)");
        assertThat(refusal("ASK { ?s ?p ?o } ; \\u0044ROP ALL").getMessage()).contains("SPARQL update (DROP)");
        assertThat(refusal("SELECT * WHERE { GRAPH <https://example.org/secr\\u0065t> { ?s ?p ?o } }").getMessage())
                .contains("GRAPH <" + SECRET + "> names a graph this query may not read");
    }

    @Test
    void anOverlongTextIsRefused() {
        String query = "SELECT * WHERE { ?s ?p ?o }" + " ".repeat(QueryGuard.MAX_TEXT_LENGTH);
        assertThat(refusal(query).getMessage()).contains("at most 20000 are accepted");
    }

    // ---- SERVICE --------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * WHERE { SERVICE <%s> { ?s ?p ?o } }",
            "SELECT * WHERE { ?s a brick:Room . OPTIONAL { SERVICE SILENT <%s> { ?s ?p ?o } } }",
            "SELECT * WHERE { { ?s a brick:Room } UNION { SERVICE <%s> { ?s ?p ?o } } }",
            "SELECT * WHERE { ?s a brick:Room { SELECT ?s WHERE { SERVICE <%s> { ?s ?p ?o } } LIMIT 1 } }",
            "SELECT * WHERE { ?s a brick:Room { SELECT ?s WHERE { { SELECT ?s WHERE { SERVICE <%s> { ?s ?p ?o } } } } } }",
            "SELECT * WHERE { ?s a brick:Room FILTER EXISTS { SERVICE <%s> { ?s ?p ?o } } }",
            "SELECT * WHERE { ?s a brick:Room FILTER NOT EXISTS { SERVICE <%s> { ?s ?p ?o } } }",
            "SELECT * WHERE { ?s a brick:Room FILTER (?s != <x:y> && EXISTS { SERVICE <%s> { ?s ?p ?o } }) }",
            "SELECT * WHERE { ?s a brick:Room MINUS { SERVICE <%s> { ?s ?p ?o } } }",
            "SELECT * WHERE { ?s a brick:Room BIND (EXISTS { SERVICE <%s> { ?s ?p ?o } } AS ?x) }",
            "SELECT ?s (EXISTS { SERVICE <%s> { ?s ?p ?o } } AS ?x) WHERE { ?s a brick:Room }",
            "SELECT ?s WHERE { ?s a brick:Room } ORDER BY (NOT EXISTS { SERVICE <%s> { ?s ?p ?o } })",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s a brick:Room } GROUP BY ?s HAVING (EXISTS { SERVICE <%s> { ?s ?p ?o } })",
            "ASK { GRAPH <https://twingraph.io/graph/topology> { SERVICE <%s> { ?s ?p ?o } } }",
    })
    void serviceIsRefusedWhereverItHides(String template) {
        assertThat(refusal(template.formatted(EVIL)).getMessage())
                .isEqualTo("Query refused: SERVICE <" + EVIL + "> is not allowed: queries run on TwinGraph's own graph "
                        + "only and never call other SPARQL endpoints.");
    }

    @Test
    void serviceWithAVariableEndpointIsRefusedToo() {
        assertThat(refusal("SELECT * WHERE { VALUES ?e { <" + EVIL + "> } SERVICE ?e { ?s ?p ?o } }").getMessage())
                .startsWith("Query refused: SERVICE ?e is not allowed");
    }

    // ---- forms ----------------------------------------------------------------------------------------------------

    @Test
    void onlyConfiguredFormsRun() {
        assertThat(refusal("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").getMessage())
                .isEqualTo("Query refused: Only SELECT and ASK queries may run here, not CONSTRUCT.");
        assertThat(refusal("DESCRIBE site:r1").getMessage()).contains("not DESCRIBE");

        QueryGuard wide = QueryGuard.builder().forms(QueryGuard.Form.SELECT, QueryGuard.Form.CONSTRUCT,
                QueryGuard.Form.DESCRIBE).limit(10).build();
        GuardedQuery construct = wide.check("CONSTRUCT { ?r rdfs:label ?l } WHERE { ?r a brick:Room ; rdfs:label ?l }");
        assertThat(construct.limit()).isEqualTo(10);
        assertThat(wide.run(sparql, construct).graph().size()).isEqualTo(10);
        assertThat(refusal(wide, "ASK { ?s ?p ?o }").getMessage())
                .isEqualTo("Query refused: Only SELECT, CONSTRUCT and DESCRIBE queries may run here, not ASK.");
    }

    @Test
    void askRunsWithoutALimitInItsText() {
        GuardedQuery q = guard.check("ASK { site:r7 a brick:Room }");
        assertThat(q.limit()).isEqualTo(1);
        assertThat(q.text()).doesNotContain("LIMIT");
        assertThat(guard.run(sparql, q).bool()).isTrue();
    }

    // ---- graphs ---------------------------------------------------------------------------------------------------

    @Test
    void fromAGraphOutsideTheAllowedSetIsRefused() {
        assertThat(refusal("SELECT * FROM <" + SECRET + "> WHERE { ?s ?p ?o }").getMessage())
                .startsWith("Query refused: FROM <" + SECRET + "> names a graph this query may not read; allowed graphs: "
                        + "<https://twingraph.io/graph/topology>, ");
        assertThat(refusal("SELECT * FROM NAMED <" + SECRET + "> WHERE { GRAPH ?g { ?s ?p ?o } }").getMessage())
                .startsWith("Query refused: FROM NAMED <" + SECRET + "> names a graph");
        // the store's own union and default graph names are not graphs of the allowed set either
        assertThat(refusal("SELECT * FROM <urn:x-arq:UnionGraph> WHERE { ?s ?p ?o }").getMessage())
                .contains("FROM <urn:x-arq:UnionGraph>");
    }

    @Test
    void graphWithAnIriOutsideTheAllowedSetIsRefused() {
        assertThat(refusal("SELECT ?code WHERE { GRAPH <" + SECRET + "> { ?s ?p ?code } }").getMessage())
                .startsWith("Query refused: GRAPH <" + SECRET + "> names a graph this query may not read");
        assertThat(refusal("SELECT * WHERE { ?r a brick:Room FILTER EXISTS { GRAPH <" + SECRET + "> { ?s ?p ?o } } }")
                .getMessage()).contains("GRAPH <" + SECRET + ">");
    }

    @Test
    void graphVariablesAndTheDefaultGraphOnlyReachTheAllowedGraphs() {
        // the store's default graph (the union of all named graphs) holds the secret; the guarded query's does not
        SparqlResult unguarded = sparql.execute(SparqlService.parse("SELECT ?s WHERE { ?s ?p \"secret\" }"));
        assertThat(column(unguarded, "s")).containsExactly("https://example.org/vault");

        assertThat(column(guard.run(sparql, "SELECT ?s WHERE { ?s ?p \"secret\" }"), "s")).isEmpty();
        assertThat(column(guard.run(sparql, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"), "g"))
                .containsExactly(Graphs.TOPOLOGY.getURI());
        assertThat(column(guard.run(sparql, "SELECT ?o WHERE { VALUES ?g { <" + SECRET + "> } GRAPH ?g { ?s ?p ?o } }"), "o"))
                .isEmpty();

        GuardedQuery q = guard.check("SELECT ?s WHERE { ?s ?p ?o }");
        assertThat(q.defaultGraphUris()).containsExactlyElementsOf(q.namedGraphUris())
                .contains(Graphs.TOPOLOGY.getURI(), Graphs.LIVE.getURI()).doesNotContain(SECRET);
    }

    @Test
    void fromAnAllowedGraphRunsOnThatGraph() {
        GuardedQuery q = guard.check("SELECT (COUNT(*) AS ?n) FROM <https://twingraph.io/graph/topology> WHERE { ?r a brick:Room }");
        assertThat(q.defaultGraphUris()).containsExactly(Graphs.TOPOLOGY.getURI());
        assertThat(q.namedGraphUris()).isEmpty();
        assertThat(column(guard.run(sparql, q), "n")).containsExactly(String.valueOf(ROOMS));
        assertThat(column(guard.run(sparql, "SELECT (COUNT(*) AS ?n) FROM <https://twingraph.io/graph/live> WHERE { ?r a brick:Room }"), "n"))
                .containsExactly("0");
    }

    @Test
    void aGuardOfItsOwnGraphsRefusesTwinGraphsOthers() {
        QueryGuard secretOnly = QueryGuard.builder().allowedGraphs(List.of(NodeFactory.createURI(SECRET))).build();
        assertThat(column(secretOnly.run(sparql, "SELECT ?o WHERE { ?s ?p ?o }"), "o")).containsExactly("secret");
        assertThat(refusal(secretOnly, "SELECT * WHERE { GRAPH <" + Graphs.TOPOLOGY.getURI() + "> { ?s ?p ?o } }")
                .getMessage()).contains("allowed graphs: <" + SECRET + ">.");
    }

    @Test
    void anyGraphSkipsTheGraphChecksButNotTheOthers() {
        QueryGuard any = QueryGuard.builder().anyGraph().build();
        GuardedQuery q = any.check("SELECT ?s FROM <" + SECRET + "> WHERE { ?s ?p \"secret\" }");
        assertThat(q.defaultGraphUris()).containsExactly(SECRET);
        assertThat(column(any.run(sparql, q), "s")).containsExactly("https://example.org/vault");
        assertThat(column(any.run(sparql, "SELECT ?s WHERE { ?s ?p \"secret\" }"), "s")).containsExactly("https://example.org/vault");
        assertThat(refusal(any, "SELECT * WHERE { SERVICE <" + EVIL + "> { ?s ?p ?o } }").getMessage()).contains("SERVICE");
        assertThat(refusal(any, "DROP ALL").getMessage()).contains("SPARQL update (DROP)");
    }

    // ---- limits ---------------------------------------------------------------------------------------------------

    @Test
    void aQueryWithoutLimitGetsTheLimit() {
        GuardedQuery q = guard.check("SELECT ?r WHERE { ?r a brick:Room }");
        assertThat(q.limit()).isEqualTo(100);
        assertThat(q.query().getLimit()).isEqualTo(100);
        assertThat(q.text()).endsWith("LIMIT   100\n");
        assertThat(column(guard.run(sparql, q), "r")).hasSize(100);
    }

    @Test
    void aLargeLimitIsCappedAndASmallOneKept() {
        GuardedQuery big = guard.check("SELECT ?r WHERE { ?r a brick:Room } LIMIT 1000000");
        assertThat(big.limit()).isEqualTo(100);
        assertThat(big.text()).contains("LIMIT   100\n").doesNotContain("1000000");
        assertThat(column(guard.run(sparql, big), "r")).hasSize(100);

        GuardedQuery small = guard.check("SELECT ?r WHERE { ?r a brick:Room } ORDER BY ?r OFFSET 3 LIMIT 5");
        assertThat(small.limit()).isEqualTo(5);
        assertThat(small.text()).contains("OFFSET  3", "LIMIT   5");
        assertThat(column(guard.run(sparql, small), "r")).hasSize(5);

        GuardedQuery configured = QueryGuard.builder().limit(1000).build().check("SELECT ?r WHERE { ?r a brick:Room } LIMIT 5000");
        assertThat(configured.limit()).isEqualTo(1000);
        assertThat(column(guard.run(sparql, configured), "r")).hasSize(ROOMS);
    }

    @Test
    void aCrossJoinBombIsCancelledByTheTimeLimit() {
        // 2,000 triples cubed: 8e9 rows to count
        String bomb = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
        QueryGuard quick = QueryGuard.builder().timeout(Duration.ofMillis(300)).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> quick.run(sparql, bomb))
                .isInstanceOfSatisfying(TwinGraphException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.TIMEOUT);
                    assertThat(e.code()).isEqualTo("sparql:query.timeout");
                    assertThat(e.getMessage()).contains("time limit of 300 ms");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theDefaultTimeLimitIsTwoSeconds() {
        assertThat(guard.timeout()).isEqualTo(Duration.ofSeconds(2));
        GuardedQuery q = guard.check("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?i");
        assertThat(q.timeout()).isEqualTo(Duration.ofSeconds(2));
        long start = System.nanoTime();
        TwinGraphException e = catchThrowableOfType(TwinGraphException.class, () -> guard.run(sparql, q));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e.kind()).isEqualTo(TwinGraphException.Kind.TIMEOUT);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1900)).isLessThan(Duration.ofSeconds(10));
    }

    // ---- the text shown -------------------------------------------------------------------------------------------

    @Test
    void theTextIsWhatRunsAndRunsOnItsOwn() {
        GuardedQuery q = guard.check("SELECT ?name WHERE { ?r a brick:Room ; rdfs:label ?name } ORDER BY ?name");
        assertThat(q.text()).contains("PREFIX  brick: <https://brickschema.org/schema/Brick#>",
                "PREFIX  rdfs: <http://www.w3.org/2000/01/rdf-schema#>").doesNotContain("saref:", "sosa:", "PREFIX  tg:");
        // no predeclared prefixes needed elsewhere
        Query standalone = QueryFactory.create(q.text());
        assertThat(standalone.getLimit()).isEqualTo(100);
        assertThat(Algebra.compile(q.query())).isEqualTo(Algebra.compile(standalone));
        assertThat(column(guard.run(sparql, q), "name")).hasSize(100).startsWith("Room 0", "Room 1", "Room 10");
    }

    @Test
    void theAuthorsOwnPrefixesAreKept() {
        GuardedQuery q = guard.check("PREFIX b: <https://brickschema.org/schema/Brick#> SELECT ?r WHERE { ?r a b:Room } LIMIT 2");
        assertThat(q.text()).containsPattern("PREFIX +b: +<https://brickschema.org/schema/Brick#>").contains("b:Room");
        assertThat(QueryFactory.create(q.text()).getLimit()).isEqualTo(2);
    }

    // ---- other refusals and errors --------------------------------------------------------------------------------

    @Test
    void javaFunctionsAreRefused() {
        assertThat(refusal("SELECT * WHERE { BIND (<java:org.example.Evil>(1) AS ?x) }").getMessage())
                .contains("The function <java:org.example.Evil> is not allowed");
        assertThat(refusal("SELECT * WHERE { ?s <java:org.example.EvilPF> ?o }").getMessage())
                .contains("The property function <java:org.example.EvilPF> is not allowed");
    }

    @Test
    void syntaxErrorsAndMissingQueriesKeepTheirCodes() {
        assertThat(catchThrowableOfType(TwinGraphException.class, () -> guard.check("SELEC ?x WHERE { }")).code())
                .isEqualTo("sparql:query.invalid");
        assertThat(catchThrowableOfType(TwinGraphException.class, () -> guard.check("  ")).code())
                .isEqualTo("sparql:query.missing");
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> QueryGuard.builder().limit(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be positive");
        assertThatThrownBy(() -> QueryGuard.builder().timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueryGuard.builder().allowedGraphs(List.<Node>of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anyGraph()");
        assertThat(QueryGuard.defaults().forms()).containsExactlyInAnyOrder(QueryGuard.Form.SELECT, QueryGuard.Form.ASK);
        assertThat(QueryGuard.defaults().limit()).isEqualTo(100);
    }
}
