package io.twingraph.api.ditto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.api.e2e.Authorized;
import io.twingraph.api.http.Json;
import io.twingraph.twins.ditto.live.DittoSettings;
import io.twingraph.twins.ditto.live.FakeDitto;
import io.twingraph.twins.ditto.live.FakeDittoFixtures;

/**
 * TwinGraph started with {@code --twins ditto:} against a local fake of Ditto's HTTP API (search, SSE change stream,
 * property PUTs; Ditto itself cannot run here): Ditto's things become queryable over {@code /sparql}, Ditto's changes
 * follow, a live command from the things API and a rule's command go back to Ditto with their correlation id, the
 * fake Ditto applies them and notifies, and the rule's decision is confirmed. With Ditto gone, {@code /health} says so
 * and SPARQL still answers from the last known state.
 */
class DittoModeEndToEndIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String THERMOSTAT = "org.eclipse.ditto:thermostat-1";
    private static final String LAMP = "org.eclipse.ditto:fancy-thing";
    private static final String RULE = """
            package dittoe2e;
            import io.twingraph.engine.rules.facts.*;
            global io.twingraph.engine.rules.Actions act;

            rule "warm office switches the fancy lamp on"
            when
              $t : Device(id == "org.eclipse.ditto:thermostat-1", number("temperature/value") > 25)
              $lamp : Device(id == "org.eclipse.ditto:fancy-thing", !flag("lamp/on"))
            then
              act.command($lamp, "lamp/on", true, "office at " + $t.number("temperature/value"));
            end
            """;

    @TempDir
    Path dir;

    @Test
    void dittosThingsAreQueryableAndCommandsGoBackThroughDittoWithTheirCorrelationId() throws Exception {
        try (FakeDitto ditto = FakeDitto.start()) {
            FakeDittoFixtures.things().forEach(ditto::put);
            ditto.requireAuthorization("Basic ZGl0dG86ZGl0dG8=");
            List<FakeDitto.Request> commands = new CopyOnWriteArrayList<>();
            ditto.answerCommands(request -> {
                // the fake Ditto applies the PUT to its twin and notifies, with the command's correlation id
                commands.add(request);
                String[] parts = request.path().split("/", 6); // "", api, 2, things, {thingId}, rest
                ditto.modify(parts[4], "/" + parts[5], JsonFactory.readFrom(request.body()), true,
                        request.header("correlation-id"));
                return new FakeDitto.Reply(204, "");
            });
            AppConfig config = AppConfig.defaults(dir.resolve("data")).withPorts(0, 0)
                    .withTwins(DittoSettings.parse("ditto:" + ditto.url())
                            .withAuth(DittoSettings.Auth.basic("ditto", "ditto")));

            try (TwinGraphApp app = Authorized.register(TwinGraphApp.start(config, Clock.systemUTC()))) {
                await().atMost(WAIT).until(() -> get(app, "/health").path("ditto").path("following").asBoolean());
                assertThat(app.mqttUri()).as("no MQTT in Ditto mode").isNull();

                // Ditto's thing, by SPARQL over HTTP
                await().atMost(WAIT).until(() -> Double.valueOf(21.5).equals(temperature(app)));
                JsonNode label = sparql(app, "SELECT ?label WHERE { ?t tg:thingId \"" + THERMOSTAT + "\" ; rdfs:label ?label }");
                assertThat(label.get(0).path("label").path("value").asText()).isEqualTo("Office thermostat");

                JsonNode health = get(app, "/health");
                assertThat(health.path("status").asText()).isEqualTo("UP");
                assertThat(health.path("ditto").path("state").asText()).isEqualTo("FOLLOWING");
                assertThat(health.path("ditto").path("breaker").asText()).isEqualTo("CLOSED");
                assertThat(health.path("ditto").path("auth").asText()).isEqualTo("basic (ditto)");

                // a change in Ditto follows into the graph
                ditto.modify(THERMOSTAT, "/features/temperature/properties/value", JsonValue.of(22.5), true);
                await().atMost(WAIT).until(() -> Double.valueOf(22.5).equals(temperature(app)));

                // a live command through the things API goes to Ditto with its correlation id
                HttpResponse<String> live = send(app, "PUT", "/api/2/things/" + LAMP
                        + "/features/lamp/properties/color?channel=live", "\"red\"", "e2e-live-1");
                assertThat(live.statusCode()).as(live.body()).isEqualTo(202);
                assertThat(commands).hasSize(1);
                assertThat(commands.get(0).method()).isEqualTo("PUT");
                assertThat(commands.get(0).path()).isEqualTo("/api/2/things/" + LAMP + "/features/lamp/properties/color");
                assertThat(commands.get(0).header("correlation-id")).isEqualTo("e2e-live-1");
                assertThat(commands.get(0).header("authorization")).isEqualTo("Basic ZGl0dG86ZGl0dG8=");
                await().atMost(WAIT).until(() -> "red".equals(twin(app, LAMP).at("/features/lamp/properties/color").asText()));

                // a rule's decision goes to Ditto, comes back as Ditto's event and is confirmed
                HttpResponse<String> created = send(app, "PUT", "/api/rules/dittoe2e", RULE, null);
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                ditto.modify(THERMOSTAT, "/features/temperature/properties/value", JsonValue.of(26.0), true);
                await().atMost(WAIT).until(() -> commands.size() >= 2);
                FakeDitto.Request ruleCommand = commands.get(1);
                assertThat(ruleCommand.path()).isEqualTo("/api/2/things/" + LAMP + "/features/lamp/properties/on");
                assertThat(ruleCommand.body()).isEqualTo("true");
                assertThat(ruleCommand.header("correlation-id")).isNotBlank();
                String why = "SELECT ?rule ?status WHERE { ?d a tg:Decision ; tg:target <https://twingraph.io/thing/"
                        + LAMP + "> ; prov:wasAssociatedWith/rdfs:label ?rule ; tg:decisionStatus ?status }";
                await().atMost(WAIT).untilAsserted(() -> {
                    JsonNode rows = sparql(app, why);
                    assertThat(rows).hasSize(1);
                    assertThat(rows.get(0).path("rule").path("value").asText()).isEqualTo("warm office switches the fancy lamp on");
                    assertThat(rows.get(0).path("status").path("value").asText()).isEqualTo("confirmed");
                });

                // Ditto goes away: /health says so, the last known graph is still served
                ditto.down();
                await().atMost(WAIT).until(() -> "DEGRADED".equals(get(app, "/health").path("status").asText()));
                JsonNode degraded = get(app, "/health").path("ditto");
                assertThat(degraded.path("following").asBoolean()).isFalse();
                assertThat(degraded.path("lastError").asText()).contains("ditto:");
                assertThat(temperature(app)).isEqualTo(26.0);
            }
        }
    }

    /** The thermostat's temperature as SPARQL sees it, or null. */
    private static Double temperature(TwinGraphApp app) throws Exception {
        JsonNode rows = sparql(app, "SELECT ?v WHERE { ?t tg:thingId \"" + THERMOSTAT + "\" ; brick:hasPoint ?p . "
                + "?p brick:lastKnownValue/sosa:hasSimpleResult ?v . FILTER(STRENDS(STR(?p), \"/temperature/properties/value\")) }");
        return rows.isEmpty() ? null : Double.valueOf(rows.get(0).path("v").path("value").asText());
    }

    private static JsonNode sparql(TwinGraphApp app, String query) throws Exception {
        HttpResponse<String> r = HTTP.send(Authorized.request(app.httpUrl() + "/sparql?query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .header("Accept", "application/sparql-results+json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body()).path("results").path("bindings");
    }

    private static JsonNode get(TwinGraphApp app, String path) throws Exception {
        return Json.MAPPER.readTree(send(app, "GET", path, null, null).body());
    }

    private static JsonNode twin(TwinGraphApp app, String thingId) throws Exception {
        return get(app, "/api/2/things/" + thingId);
    }

    private static HttpResponse<String> send(TwinGraphApp app, String method, String path, String body,
                                             String correlationId) throws Exception {
        HttpRequest.Builder b = Authorized.request(app.httpUrl() + path)
                .header("Content-Type", path.startsWith("/api/rules") ? "text/plain" : "application/json");
        if (correlationId != null) {
            b.header("correlation-id", correlationId);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
