package io.twingraph.api.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.http.Json;

/** What the benchmark asks a TwinGraph over HTTP: create twins, read the engine's counters, poll a value by SPARQL. */
final class ServerClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    /** @param token the API token to send, or null for none */
    ServerClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    /** Creates (or replaces) twins with PUT /api/2/things/{id}, a few requests at a time. */
    void putThings(List<String> ids, java.util.function.Function<String, String> body) throws InterruptedException {
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (String id : ids) {
            inFlight.acquire();
            HttpRequest r = request(base + "/api/2/things/" + id)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body.apply(id))).build();
            all.add(http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).whenComplete((x, e) -> inFlight.release()));
        }
        for (var f : all) {
            HttpResponse<String> response = f.join();
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("creating a twin failed: " + response.statusCode() + " " + response.body());
            }
        }
    }

    /** The {@code engine} object of {@code /health}. */
    JsonNode engineStats() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body()).path("engine");
    }

    long deadLetters() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body()).path("deadLetters").asLong();
    }

    /** Runs a one-variable SELECT and returns the first value's lexical form, or null when there is no row. */
    String selectOne(String query) throws IOException, InterruptedException {
        HttpRequest r = request(base + "/sparql?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .header("Accept", "text/csv").GET().build();
        HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("SPARQL failed: " + response.statusCode() + " " + response.body());
        }
        String[] lines = response.body().split("\r?\n");
        return lines.length < 2 || lines[1].isEmpty() ? null : lines[1];
    }
}
