package io.twingraph.api.sparql;

import static io.twingraph.api.sparql.SparqlTestServer.contentType;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A GET without a query describes the service (SPARQL 1.1 Service Description). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparqlServiceDescriptionTest {
    private static final String SD = "http://www.w3.org/ns/sparql-service-description#";

    private SparqlTestServer http;

    @BeforeAll
    void start() {
        http = new SparqlTestServer(Duration.ofSeconds(30), 1000);
    }

    @AfterAll
    void stop() {
        http.close();
    }

    @Test
    void aGetWithoutAQueryDescribesTheServiceInTurtle() {
        HttpResponse<String> r = http.get("");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(contentType(r)).startsWith("text/turtle");
        Graph g = SparqlRoutesTest.parse(r, Lang.TURTLE);
        Node service = g.find(null, sd("endpoint"), NodeFactory.createURI(http.endpoint())).next().getSubject();
        assertThat(g.contains(service, RDF.type.asNode(), sd("Service"))).isTrue();
        assertThat(g.contains(service, sd("supportedLanguage"), sd("SPARQL11Query"))).isTrue();
        assertThat(g.contains(service, sd("supportedLanguage"), sd("SPARQL11Update"))).isFalse();
        assertThat(g.find(service, sd("resultFormat"), null).toList()).hasSize(8);
        assertThat(g.contains(service, sd("resultFormat"), NodeFactory.createURI("http://www.w3.org/ns/formats/SPARQL_Results_CSV"))).isTrue();
    }

    @Test
    void theDescriptionFollowsTheAcceptHeader() {
        HttpResponse<String> r = http.get("", "Accept", "application/ld+json");

        assertThat(contentType(r)).startsWith("application/ld+json");
        assertThat(SparqlRoutesTest.parse(r, Lang.JSONLD).contains(null, sd("endpoint"), null)).isTrue();
    }

    private static Node sd(String local) {
        return NodeFactory.createURI(SD + local);
    }
}
