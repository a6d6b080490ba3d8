package io.twingraph.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.http.Json;

/** The devices of the crash tests, and what TwinGraph says about them over HTTP (things API and SPARQL). */
final class CrashChecks {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private CrashChecks() {
    }

    /** One device's twin: its counter and revision. */
    record Twin(long counter, long revision) {
    }

    static List<String> devices(int count) {
        return IntStream.range(0, count).mapToObj(i -> "crash:counter-" + i).toList();
    }

    /** Creates each device's twin with its counter at 0 (revision 1). */
    static void provision(String httpUrl, List<String> devices) throws Exception {
        for (String id : devices) {
            HttpResponse<String> r = HTTP.send(Authorized.request(httpUrl + "/api/2/things/" + id)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("""
                            {"attributes":{"name":"Counter %s","class":"saref:Sensor"},
                             "features":{"counter":{"properties":{"n":0}}}}""".formatted(id))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("creating %s: %s", id, r.body()).isEqualTo(201);
        }
    }

    static Twin twin(String httpUrl, String id) throws Exception {
        HttpResponse<String> r = HTTP.send(Authorized.request(httpUrl + "/api/2/things/" + id).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("reading %s", id).isEqualTo(200);
        String etag = r.headers().firstValue("ETag").orElseThrow(); // "rev:N"
        long revision = Long.parseLong(etag.replaceAll("[^0-9]", ""));
        return new Twin(Json.MAPPER.readTree(r.body()).at("/features/counter/properties/n").asLong(), revision);
    }

    static Map<String, Twin> twins(String httpUrl, List<String> devices) throws Exception {
        Map<String, Twin> all = new HashMap<>();
        for (String id : devices) {
            all.put(id, twin(httpUrl, id));
        }
        return all;
    }

    /** Each device's counter as the live graph has it, through {@code /sparql}. */
    static Map<String, Long> graphCounters(String httpUrl) throws Exception {
        String query = "SELECT ?p ?n WHERE { ?p sosa:hasSimpleResult ?n "
                + "FILTER(STRSTARTS(STR(?p), \"https://twingraph.io/thing/crash:\") && CONTAINS(STR(?p), \"/counter/properties/n\")) }";
        HttpResponse<String> r = HTTP.send(Authorized.request(httpUrl + "/sparql?query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .header("Accept", "application/sparql-results+json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Long> counters = new HashMap<>();
        for (JsonNode row : Json.MAPPER.readTree(r.body()).path("results").path("bindings")) {
            String point = row.path("p").path("value").asText();
            String device = point.substring("https://twingraph.io/thing/".length(), point.indexOf("/features"));
            counters.put(device, (long) Double.parseDouble(row.path("n").path("value").asText()));
        }
        return counters;
    }

    /** Devices whose twin is not at the expected counter yet. */
    static List<String> behind(String httpUrl, Map<String, Long> expected) throws Exception {
        List<String> behind = new ArrayList<>();
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            if (twin(httpUrl, e.getKey()).counter() != e.getValue()) {
                behind.add(e.getKey());
            }
        }
        return behind;
    }
}
