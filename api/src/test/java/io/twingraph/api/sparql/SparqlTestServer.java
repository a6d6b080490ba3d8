package io.twingraph.api.sparql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.jena.graph.Node;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.http.HttpServer;
import io.twingraph.api.http.Json;
import io.twingraph.engine.KnowledgeGraph;
import io.twingraph.engine.SparqlService;
import io.twingraph.ontology.Graphs;

/**
 * An endpoint on a free port over an in-memory graph holding the fixture house (topology and live named graphs),
 * with a plain {@link HttpClient} to talk to it.
 */
final class SparqlTestServer implements AutoCloseable {
    final KnowledgeGraph graph;
    final HttpServer server;
    final HttpClient client = HttpClient.newHttpClient();

    SparqlTestServer(Duration timeLimit, long maxRows) {
        graph = KnowledgeGraph.inMemory();
        load("topology.ttl", Graphs.TOPOLOGY);
        load("live.ttl", Graphs.LIVE);
        server = HttpServer.start("127.0.0.1", 0, List.of(new SparqlRoutes(new SparqlService(graph, timeLimit, maxRows))));
    }

    private void load(String resource, Node name) {
        try {
            graph.importFile(Path.of(SparqlTestServer.class.getResource("/sparql/" + resource).toURI()), name, true);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.port() + SparqlRoutes.PATH;
    }

    URI uri(String query) {
        return URI.create(endpoint() + (query.isEmpty() ? "" : "?" + query));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String queryString, String... headers) {
        return send(request(uri(queryString), headers).GET().build());
    }

    HttpResponse<String> getQuery(String sparql, String... headers) {
        return get("query=" + enc(sparql), headers);
    }

    HttpResponse<String> post(String queryString, String contentType, String body, String... headers) {
        HttpRequest.Builder b = request(uri(queryString), headers).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    HttpResponse<String> postForm(String form, String... headers) {
        return post("", "application/x-www-form-urlencoded", form, headers);
    }

    HttpResponse<String> method(String method, String queryString) {
        return send(request(uri(queryString)).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder request(URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    @Override
    public void close() {
        server.close();
        graph.close();
    }
}
