package io.twingraph.api.sparql;

import static io.twingraph.api.sparql.SparqlTestServer.contentType;
import static io.twingraph.api.sparql.SparqlTestServer.enc;
import static io.twingraph.api.sparql.SparqlTestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.ontology.Graphs;

/** Every refused request gets the right status and the one error body, and never changes the graph. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparqlRoutesErrorsTest {
    /** About 40 triples to the fourth power: far longer than a millisecond, whatever the machine. */
    private static final String CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    private static final int MAX_ROWS = 500;

    private SparqlTestServer http;

    @BeforeAll
    void start() {
        http = new SparqlTestServer(Duration.ofSeconds(30), MAX_ROWS);
    }

    @AfterAll
    void stop() {
        http.close();
    }

    @Test
    void aSyntaxErrorIs400WithTheParsersLineAndColumn() {
        HttpResponse<String> r = http.getQuery("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o > ) }");

        JsonNode body = assertError(r, 400, "sparql:query.invalid");
        assertThat(body.get("message").asText()).contains("line 3, column");
    }

    @Test
    void aRequestWithoutAQueryIs400() {
        assertError(http.postForm("default-graph-uri=" + enc(Graphs.LIVE.getURI())), 400, "sparql:query.missing");
        assertError(http.post("", "application/sparql-query", ""), 400, "sparql:query.missing");
        assertError(http.get("named-graph-uri=" + enc(Graphs.LIVE.getURI())), 400, "sparql:query.missing");
    }

    @Test
    void moreThanOneQueryIs400() {
        assertError(http.get("query=" + enc("ASK {}") + "&query=" + enc("SELECT * {}")), 400, "sparql:query.multiple");
        assertError(http.post("query=" + enc("ASK {}"), "application/sparql-query", "ASK {}"), 400, "sparql:query.multiple");
        assertError(http.postForm("query=ASK%7B%7D&query=ASK%7B%7D"), 400, "sparql:query.multiple");
    }

    @Test
    void aQueryAndAnUpdateTogetherAre400() {
        assertError(http.postForm("query=ASK%7B%7D&update=CLEAR%20ALL"), 400, "sparql:request.ambiguous");
    }

    @Test
    void updatesAreRefusedWhereTheServerOffersNoneAndTheGraphStaysAsItWas() {
        long before = http.graph.size(Graphs.TOPOLOGY);

        JsonNode form = assertError(http.postForm("update=" + enc("CLEAR ALL")), 400, "sparql:update.forbidden");
        assertError(http.post("", "application/sparql-update", "CLEAR ALL"), 400, "sparql:update.forbidden");
        assertError(http.get("update=" + enc("CLEAR ALL")), 400, "sparql:update.forbidden");

        assertThat(form.get("description").asText()).contains("things API", "MQTT", "admin token");
        assertThat(http.graph.size(Graphs.TOPOLOGY)).isEqualTo(before).isPositive();
    }

    @Test
    void aPostInAnotherMediaTypeOrCharsetIs415() {
        HttpResponse<String> plain = http.post("", "text/plain", "ASK {}");
        HttpResponse<String> none = http.post("", null, "query=ASK%7B%7D");
        HttpResponse<String> utf16 = http.send(SparqlTestServer.request(http.uri(""))
                .header("Content-Type", "application/sparql-query; charset=UTF-16")
                .POST(HttpRequest.BodyPublishers.ofString("ASK {}", StandardCharsets.UTF_16)).build());

        assertError(plain, 415, "sparql:media-type.unsupported");
        assertError(none, 415, "sparql:media-type.unsupported");
        assertError(utf16, 415, "sparql:media-type.unsupported");
        assertThat(plain.headers().firstValue("Accept-Post").orElseThrow()).contains("application/sparql-query");
    }

    @Test
    void anUnacceptableFormatIs406AndAnUnknownOneIs400() {
        assertError(http.getQuery("SELECT * {}", "Accept", "image/png"), 406, "sparql:format.unacceptable");
        assertError(http.getQuery("CONSTRUCT WHERE { ?s ?p ?o }", "Accept", "text/csv"), 406, "sparql:format.unacceptable");
        assertError(http.get("query=" + enc("CONSTRUCT WHERE { ?s ?p ?o }") + "&format=csv"), 406, "sparql:format.unacceptable");
        assertError(http.get("query=" + enc("SELECT * {}") + "&format=pdf"), 400, "sparql:format.unknown");
    }

    @Test
    void otherMethodsAre405WithTheAllowedOnes() {
        HttpResponse<String> put = http.method("PUT", "query=" + enc("ASK {}"));

        assertError(put, 405, "sparql:method.unsupported");
        assertThat(put.headers().firstValue("Allow").orElseThrow()).contains("GET", "POST");
        assertError(http.method("DELETE", ""), 405, "sparql:method.unsupported");
    }

    @Test
    void aQueryOverTheClientsTimeLimitIs503() {
        JsonNode body = assertError(http.get("query=" + enc(CROSS_JOIN) + "&timeout=1"), 503, "sparql:query.timeout");

        assertThat(body.get("message").asText()).contains("1 ms");
    }

    @Test
    void aClientCannotRaiseTheServersTimeLimit() {
        try (SparqlTestServer strict = new SparqlTestServer(Duration.ofMillis(1), MAX_ROWS)) {
            JsonNode body = assertError(strict.get("query=" + enc(CROSS_JOIN) + "&timeout=600000"), 503, "sparql:query.timeout");

            assertThat(body.get("message").asText()).contains("limit of 1 ms");
        }
    }

    @Test
    void aBadTimeoutIs400() {
        assertError(http.get("query=" + enc("ASK {}") + "&timeout=soon"), 400, "sparql:timeout.invalid");
        assertError(http.get("query=" + enc("ASK {}") + "&timeout=0"), 400, "sparql:timeout.invalid");
    }

    @Test
    void aResultOverTheRowLimitIs413() {
        assertError(http.getQuery("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"), 413, "sparql:result.too-large");
    }

    private static JsonNode assertError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(contentType(r)).startsWith("application/json");
        JsonNode body = json(r);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        return body;
    }
}
