package io.twingraph.api.sparql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.Graph;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.sparql.exec.http.QueryExecHTTP;
import org.apache.jena.sparql.exec.http.QuerySendMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.twingraph.ontology.Namespaces;

/** Apache Jena's own SPARQL HTTP client talks to the endpoint without any TwinGraph-specific setup. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparqlJenaClientTest {
    /** Jena parses queries on the client, so no predeclared prefixes here. */
    private static final String PREFIXES = "PREFIX brick: <" + Namespaces.BRICK + ">\nPREFIX tg: <" + Namespaces.TG + ">\n";

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
    void jenasHttpClientSelectsByGetAndByPost() {
        for (QuerySendMode mode : List.of(QuerySendMode.asGetAlways, QuerySendMode.asPostForm, QuerySendMode.asPost)) {
            List<String> rooms = new ArrayList<>();
            try (QueryExecHTTP exec = QueryExecHTTP.service(http.endpoint()).sendMode(mode)
                    .query(PREFIXES + "SELECT ?room WHERE { ?room a brick:Room } ORDER BY ?room").build()) {
                RowSet rows = exec.select();
                rows.forEachRemaining(b -> rooms.add(b.get("room").getURI()));
            }
            assertThat(rooms).as("send mode %s", mode).hasSize(4).contains(Namespaces.SITE + "home1-office");
        }
    }

    @Test
    void jenasHttpClientAsksAndConstructs() {
        try (QueryExecHTTP ask = QueryExecHTTP.service(http.endpoint()).query(PREFIXES + "ASK { ?l a brick:Luminaire ; tg:on true }").build()) {
            assertThat(ask.ask()).isTrue();
        }
        try (QueryExecHTTP construct = QueryExecHTTP.service(http.endpoint())
                .query(PREFIXES + "CONSTRUCT WHERE { ?l a brick:Luminaire }").build()) {
            Graph g = construct.construct();
            assertThat(g.size()).isEqualTo(2);
        }
    }
}
