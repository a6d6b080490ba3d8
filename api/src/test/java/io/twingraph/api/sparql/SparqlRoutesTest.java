package io.twingraph.api.sparql;

import static io.twingraph.api.sparql.SparqlTestServer.contentType;
import static io.twingraph.api.sparql.SparqlTestServer.enc;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.query.ResultSet;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.ResultSetMgr;
import org.apache.jena.riot.resultset.ResultSetLang;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.twingraph.ontology.Graphs;
import io.twingraph.ontology.Namespaces;

/** The endpoint answers queries the ways the SPARQL 1.1 Protocol allows, in every offered format. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparqlRoutesTest {
    private static final String ROOMS = "SELECT ?room WHERE { ?room a brick:Room } ORDER BY ?room";
    /** Needs both graphs: the class is in topology, the state in live. */
    private static final String LIGHTS_ON = "SELECT ?light WHERE { ?light a brick:Luminaire ; tg:on true }";
    private static final String KITCHEN_LIGHT = Namespaces.THING + "home1:kitchen-light";

    private SparqlTestServer http;

    @BeforeAll
    void start() {
        http = new SparqlTestServer(Duration.ofSeconds(30), 10_000);
    }

    @AfterAll
    void stop() {
        http.close();
    }

    @Test
    void aGetQueryAnswersInSparqlJsonByDefault() {
        HttpResponse<String> r = http.getQuery(ROOMS);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentType(r)).startsWith("application/sparql-results+json");
        assertThat(r.headers().firstValue("Vary")).contains("Accept");
        assertThat(column(read(r, ResultSetLang.RS_JSON), "room")).containsExactly(
                Namespaces.SITE + "home1-bedroom", Namespaces.SITE + "home1-kitchen",
                Namespaces.SITE + "home1-living", Namespaces.SITE + "home1-office");
    }

    @Test
    void aFormPostAndADirectPostAnswerLikeAGet() {
        HttpResponse<String> form = http.postForm("query=" + enc(ROOMS));
        HttpResponse<String> direct = http.post("", "application/sparql-query", ROOMS);

        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(column(read(form, ResultSetLang.RS_JSON), "room")).hasSize(4);
        assertThat(column(read(direct, ResultSetLang.RS_JSON), "room")).hasSize(4);
    }

    @Test
    void nonAsciiTextSurvivesEveryWayOfSendingAQuery() {
        String query = "SELECT ?room WHERE { ?room rdfs:label \"Küche\"@de }";
        List<HttpResponse<String>> responses = List.of(
                http.getQuery(query),
                http.postForm("query=" + enc(query)),
                http.post("", "application/x-www-form-urlencoded; charset=UTF-8", "query=" + enc(query)),
                http.post("", "application/sparql-query; charset=utf-8", query));

        for (HttpResponse<String> r : responses) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(column(read(r, ResultSetLang.RS_JSON), "room")).containsExactly(Namespaces.SITE + "home1-kitchen");
        }
    }

    static Stream<Arguments> resultFormats() {
        return Stream.of(
                Arguments.of("application/sparql-results+json", "application/sparql-results+json", ResultSetLang.RS_JSON),
                Arguments.of("application/sparql-results+xml", "application/sparql-results+xml", ResultSetLang.RS_XML),
                Arguments.of("text/csv", "text/csv", ResultSetLang.RS_CSV),
                Arguments.of("text/tab-separated-values", "text/tab-separated-values", ResultSetLang.RS_TSV),
                Arguments.of("application/json", "application/json", ResultSetLang.RS_JSON),
                Arguments.of("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml", ResultSetLang.RS_XML),
                Arguments.of("text/html, */*;q=0.1", "application/sparql-results+json", ResultSetLang.RS_JSON));
    }

    @ParameterizedTest(name = "Accept: {0}")
    @MethodSource("resultFormats")
    void selectResultsComeInTheFormatTheAcceptHeaderPrefers(String accept, String expectedType, Lang lang) {
        HttpResponse<String> r = http.getQuery(ROOMS, "Accept", accept);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentType(r)).startsWith(expectedType);
        assertThat(column(read(r, lang), "room")).hasSize(4).contains(Namespaces.SITE + "home1-kitchen");
    }

    @ParameterizedTest(name = "Accept: {0}")
    @MethodSource("resultFormats")
    void askResultsComeInTheFormatTheAcceptHeaderPrefers(String accept, String expectedType, Lang lang) {
        HttpResponse<String> yes = http.getQuery("ASK { ?d a brick:Door ; tg:open false }", "Accept", accept);
        HttpResponse<String> no = http.getQuery("ASK { ?d a brick:Door ; tg:open true }", "Accept", accept);

        assertThat(yes.statusCode()).isEqualTo(200);
        assertThat(contentType(yes)).startsWith(expectedType);
        assertThat(askAnswer(yes, lang)).isTrue();
        assertThat(askAnswer(no, lang)).isFalse();
    }

    /** CSV and TSV define no boolean form; Jena writes a one-column table {@code _askResult}, which it cannot read back. */
    private static boolean askAnswer(HttpResponse<String> r, Lang lang) {
        if (lang.equals(ResultSetLang.RS_CSV) || lang.equals(ResultSetLang.RS_TSV)) {
            List<String> lines = r.body().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).endsWith("_askResult");
            return Boolean.parseBoolean(lines.get(1));
        }
        return ResultSetMgr.readBoolean(stream(r), lang);
    }

    static Stream<Arguments> graphFormats() {
        return Stream.of(
                Arguments.of("text/turtle", "text/turtle", Lang.TURTLE),
                Arguments.of("application/n-triples", "application/n-triples", Lang.NTRIPLES),
                Arguments.of("application/ld+json", "application/ld+json", Lang.JSONLD),
                Arguments.of("application/rdf+xml", "application/rdf+xml", Lang.RDFXML),
                Arguments.of("*/*", "text/turtle", Lang.TURTLE),
                Arguments.of("application/rdf+xml;q=0.5, application/n-triples", "application/n-triples", Lang.NTRIPLES));
    }

    @ParameterizedTest(name = "Accept: {0}")
    @MethodSource("graphFormats")
    void constructGraphsComeInTheFormatTheAcceptHeaderPrefers(String accept, String expectedType, Lang lang) {
        HttpResponse<String> r = http.post("", "application/sparql-query",
                "CONSTRUCT { ?light a brick:Luminaire ; tg:on ?on } WHERE { ?light a brick:Luminaire ; tg:on ?on }",
                "Accept", accept);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentType(r)).startsWith(expectedType);
        Graph g = parse(r, lang);
        assertThat(g.size()).isEqualTo(4);
        assertThat(g.contains(NodeFactory.createURI(KITCHEN_LIGHT), RDF.type.asNode(),
                NodeFactory.createURI(Namespaces.BRICK + "Luminaire"))).isTrue();
    }

    @Test
    void describeAnswersInTurtleByDefault() {
        HttpResponse<String> r = http.getQuery("DESCRIBE <" + KITCHEN_LIGHT + ">");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentType(r)).startsWith("text/turtle");
        Graph g = parse(r, Lang.TURTLE);
        assertThat(g.find(NodeFactory.createURI(KITCHEN_LIGHT), null, null).toList()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theFormatParameterOverridesTheAcceptHeader() {
        HttpResponse<String> csv = http.get("query=" + enc(ROOMS) + "&format=csv", "Accept", "application/sparql-results+xml");
        HttpResponse<String> ntriples = http.get("query=" + enc("CONSTRUCT WHERE { ?s a brick:Site }") + "&output=nt");

        assertThat(contentType(csv)).startsWith("text/csv");
        assertThat(csv.body()).startsWith("room\r\n");
        assertThat(contentType(ntriples)).startsWith("application/n-triples");
        assertThat(parse(ntriples, Lang.NTRIPLES).size()).isEqualTo(1);
    }

    @Test
    void withoutDatasetParametersTheDefaultGraphIsTheUnionOfTheNamedGraphs() {
        assertThat(column(read(http.getQuery(LIGHTS_ON), ResultSetLang.RS_JSON), "light")).containsExactly(KITCHEN_LIGHT);
    }

    @Test
    void defaultGraphUrisChooseAndMergeTheDefaultGraph() {
        String query = "query=" + enc(LIGHTS_ON);
        String topology = "&default-graph-uri=" + enc(Graphs.TOPOLOGY.getURI());
        String live = "&default-graph-uri=" + enc(Graphs.LIVE.getURI());

        assertThat(column(read(http.get(query + topology), ResultSetLang.RS_JSON), "light")).isEmpty();
        assertThat(column(read(http.get(query + topology + live), ResultSetLang.RS_JSON), "light")).containsExactly(KITCHEN_LIGHT);
        assertThat(column(read(http.post(topology.substring(1) + live, "application/sparql-query", LIGHTS_ON), ResultSetLang.RS_JSON),
                "light")).containsExactly(KITCHEN_LIGHT);
        assertThat(column(read(http.postForm(query + topology + live), ResultSetLang.RS_JSON), "light")).containsExactly(KITCHEN_LIGHT);
    }

    @Test
    void namedGraphUrisChooseTheNamedGraphsAndOverrideTheQuerysFromNamed() {
        String graphs = "SELECT DISTINCT ?g FROM NAMED <" + Graphs.TOPOLOGY.getURI() + "> WHERE { GRAPH ?g { ?s ?p ?o } }";

        assertThat(column(read(http.getQuery(graphs), ResultSetLang.RS_JSON), "g")).containsExactly(Graphs.TOPOLOGY.getURI());
        assertThat(column(read(http.get("query=" + enc(graphs) + "&named-graph-uri=" + enc(Graphs.LIVE.getURI())),
                ResultSetLang.RS_JSON), "g")).containsExactly(Graphs.LIVE.getURI());
    }

    @Test
    void aTimeoutBelowTheServerLimitIsAcceptedForAFastQuery() {
        HttpResponse<String> r = http.get("query=" + enc(ROOMS) + "&timeout=10000");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(column(read(r, ResultSetLang.RS_JSON), "room")).hasSize(4);
    }

    @Test
    void headAnswersWithTheHeadersOfAGetAndNoBody() {
        HttpResponse<String> r = http.method("HEAD", "query=" + enc(ROOMS) + "&format=xml");
        HttpResponse<String> bad = http.method("HEAD", "query=" + enc("SELECT {"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentType(r)).startsWith("application/sparql-results+xml");
        assertThat(r.body()).isEmpty();
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void optionsListsTheAllowedMethodsAndPostTypes() {
        HttpResponse<String> r = http.method("OPTIONS", "");

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Allow").orElseThrow()).contains("GET", "POST", "HEAD", "OPTIONS");
        assertThat(r.headers().firstValue("Accept-Post").orElseThrow())
                .contains("application/sparql-query", "application/x-www-form-urlencoded");
    }

    static List<String> column(ResultSet rs, String var) {
        List<String> values = new ArrayList<>();
        while (rs.hasNext()) {
            QuerySolution row = rs.next();
            values.add(row.get(var).isResource() ? row.getResource(var).getURI() : row.get(var).toString());
        }
        return values;
    }

    static ResultSet read(HttpResponse<String> r, Lang lang) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(200);
        return ResultSetMgr.read(stream(r), lang);
    }

    static Graph parse(HttpResponse<String> r, Lang lang) {
        Graph g = GraphFactory.createDefaultGraph();
        RDFParser.source(stream(r)).lang(lang).parse(g);
        return g;
    }

    private static ByteArrayInputStream stream(HttpResponse<String> r) {
        return new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8));
    }
}
