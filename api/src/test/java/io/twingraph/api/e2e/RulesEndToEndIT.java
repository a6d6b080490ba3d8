package io.twingraph.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.api.http.Json;

/**
 * A rule uploaded over HTTP, triggered by MQTT telemetry, commands a simulated device over MQTT; the device obeys,
 * its twin changes, and the decision with its confirmation is in the graph, answerable by SPARQL.
 */
class RulesEndToEndIT {
    private static final String RULE = """
            package e2e;
            import io.twingraph.engine.rules.facts.*;
            global io.twingraph.engine.rules.Actions act;

            rule "stuffy kitchen switches the extractor plug on"
            when
              $s : Device(id == "home1:kitchen-climate-sensor", number("environment/co2") > 4000)
              $plug : Device(id == "home1:dishwasher-plug", !flag("switch/on"))
            then
              act.command($plug, "switch/on", true, "CO2 " + (long) $s.number("environment/co2") + " ppm in the kitchen");
            end
            """;

    @TempDir
    Path dir;

    @Test
    void aRuleUploadedOverHttpCommandsASimulatedDeviceThatObeysAndTheWhyIsInSparql() throws Exception {
        AppConfig config = EndToEndContract.config(dir.resolve("data"))
                .withSimulation(new AppConfig.Simulation(1, 0, 1.0, 7));
        try (TwinGraphApp app = Authorized.register(TwinGraphApp.start(config, EndToEndContract.clock()))) {
            // the simulated dishwasher is off until its programme starts; make sure it is off now
            EndToEndContract.put(app.httpUrl() + "/api/2/things/home1:dishwasher-plug/features/switch/properties/on?channel=live", "false");
            await().atMost(Duration.ofSeconds(10)).until(() -> "false".equals(twinValue(app, "home1:dishwasher-plug", "/features/switch/properties/on")));

            HttpResponse<String> broken = send(app, "PUT", "/api/rules/e2e", RULE.replace("then", "than"));
            assertThat(broken.statusCode()).isEqualTo(400);
            JsonNode error = Json.MAPPER.readTree(broken.body());
            assertThat(error.path("error").asText()).isEqualTo("rules:compile.failed");
            assertThat(error.path("errors").get(0).path("line").asInt()).isEqualTo(10);

            HttpResponse<String> created = send(app, "PUT", "/api/rules/e2e", RULE);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(Json.MAPPER.readTree(created.body()).path("version").asInt()).isEqualTo(1);

            List<String> commands = new CopyOnWriteArrayList<>();
            MqttClient watcher = new MqttClient(app.mqttUri(), "watcher", new MemoryPersistence());
            watcher.connect(new MqttConnectionOptions());
            // Paho 1.2.5's subscribe(String, int, listener) recurses forever: the array form works
            watcher.subscribe(new MqttSubscription[] {new MqttSubscription("twingraph/home1:dishwasher-plug/command", 1)},
                    new IMqttMessageListener[] {(topic, message) ->
                            commands.add(new String(message.getPayload(), StandardCharsets.UTF_8))});

            EndToEndContract.publish(app.mqttUri(), "twingraph/home1:kitchen-climate-sensor/telemetry",
                    "{\"environment\":{\"co2\":4500}}");

            await().atMost(Duration.ofSeconds(15)).until(() -> !commands.isEmpty());
            assertThat(commands.get(0)).contains("\"switch\"").contains("\"on\":true");
            await().atMost(Duration.ofSeconds(15)).until(() -> "true".equals(twinValue(app, "home1:dishwasher-plug",
                    "/features/switch/properties/on")));

            String why = """
                    SELECT ?rule ?reason ?status WHERE {
                      ?d a tg:Decision ; tg:target <https://twingraph.io/thing/home1:dishwasher-plug> ;
                         prov:wasAssociatedWith/rdfs:label ?rule ; tg:reason ?reason ; tg:decisionStatus ?status }""";
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode rows = sparql(app, why);
                assertThat(rows).hasSize(1);
                assertThat(rows.get(0).path("rule").path("value").asText()).isEqualTo("stuffy kitchen switches the extractor plug on");
                assertThat(rows.get(0).path("reason").path("value").asText()).isEqualTo("CO2 4500 ppm in the kitchen");
                assertThat(rows.get(0).path("status").path("value").asText()).isEqualTo("confirmed");
            });

            JsonNode decisions = Json.MAPPER.readTree(send(app, "GET", "/api/decisions?limit=100", null).body()).path("decisions");
            assertThat(decisions.findValuesAsText("rule")).contains("stuffy kitchen switches the extractor plug on");
            JsonNode packages = Json.MAPPER.readTree(send(app, "GET", "/api/rules", null).body()).path("packages");
            assertThat(packages.findValuesAsText("name")).contains("comfort", "safety", "energy", "e2e");
            watcher.disconnect();
            watcher.close();
        }
    }

    private static HttpResponse<String> send(TwinGraphApp app, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = Authorized.request(app.httpUrl() + path).header("Content-Type", "text/plain");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return EndToEndContract.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String twinValue(TwinGraphApp app, String thing, String pointer) throws Exception {
        HttpResponse<String> r = send(app, "GET", "/api/2/things/" + thing, null);
        return Json.MAPPER.readTree(r.body()).at(pointer).asText();
    }

    private static JsonNode sparql(TwinGraphApp app, String query) throws Exception {
        HttpResponse<String> r = EndToEndContract.HTTP.send(Authorized.request(app.httpUrl() + "/sparql?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)).header("Accept", "application/sparql-results+json").build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body()).path("results").path("bindings");
    }
}
