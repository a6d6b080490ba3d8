package io.twingraph.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.api.http.Json;

/**
 * The spine end to end, over real sockets: a device publishes telemetry with a Paho client, the value is visible
 * through {@code /sparql} over HTTP, and it still is after a restart. One subclass per broker.
 */
abstract class EndToEndContract {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** Starts TwinGraph on the data directory against the broker under test. */
    abstract TwinGraphApp startApp(Path data) throws Exception;

    /** The URI devices publish to while the given app runs. */
    abstract String brokerUri(TwinGraphApp app);

    static AppConfig config(Path data) throws IOException {
        return AppConfig.defaults(data).withPorts(freePort(), freePort());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void publish(String broker, String topic, String payload) throws Exception {
        MqttClient device = new MqttClient(broker, "device-" + System.nanoTime(), new MemoryPersistence());
        device.connect(new MqttConnectionOptions());
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        device.publish(topic, message);
        device.disconnect();
        device.close();
    }

    static HttpResponse<String> put(String url, String json) throws Exception {
        return HTTP.send(Authorized.request(url).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The temperature of the kitchen sensor as SPARQL sees it, or null. */
    static String kitchenTemperature(TwinGraphApp app) throws Exception {
        String query = "SELECT ?t WHERE { ?room rdfs:label \"Kitchen\" . ?d brick:hasLocation ?room ; brick:hasPoint ?p . "
                + "?p a brick:Air_Temperature_Sensor ; brick:lastKnownValue/sosa:hasSimpleResult ?t }";
        HttpResponse<String> r = HTTP.send(Authorized.request(app.httpUrl() + "/sparql?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)).header("Accept", "application/sparql-results+json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode bindings = Json.MAPPER.readTree(r.body()).path("results").path("bindings");
        return bindings.isEmpty() ? null : bindings.get(0).path("t").path("value").asText();
    }

    static void importKitchen(TwinGraphApp app) throws Exception {
        String ttl = """
                @prefix brick: <https://brickschema.org/schema/Brick#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                <https://twingraph.io/site/e2e/kitchen> a brick:Room ; rdfs:label "Kitchen" .
                """;
        HttpResponse<String> r = HTTP.send(Authorized.request(app.httpUrl()
                        + "/graph-store?graph=" + URLEncoder.encode("https://twingraph.io/graph/topology", StandardCharsets.UTF_8))
                .header("Content-Type", "text/turtle").PUT(HttpRequest.BodyPublishers.ofString(ttl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isBetween(200, 201);
    }

    @Test
    void telemetryPublishedOverMqttIsVisibleInSparqlAndSurvivesARestart() throws Exception {
        Path data = dir.resolve("data");
        TwinGraphApp app = Authorized.register(startApp(data));
        try {
            importKitchen(app);
            HttpResponse<String> created = put(app.httpUrl() + "/api/2/things/e2e:kitchen-sensor", """
                    {"attributes":{"name":"Kitchen sensor","location":"https://twingraph.io/site/e2e/kitchen"},
                     "features":{"environment":{"properties":{"temperature":20.0}}}}""");
            assertThat(created.statusCode()).isEqualTo(201);

            publish(brokerUri(app), "twingraph/e2e:kitchen-sensor/telemetry", "{\"environment\":{\"temperature\":21.75}}");

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> "21.75".equals(kitchenTemperature(app)));
        } finally {
            app.close();
        }
        TwinGraphApp restarted = Authorized.register(startApp(data));
        try {
            assertThat(kitchenTemperature(restarted)).isEqualTo("21.75");
            HttpResponse<String> thing = HTTP.send(Authorized.request(
                    restarted.httpUrl() + "/api/2/things/e2e:kitchen-sensor").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(Json.MAPPER.readTree(thing.body()).at("/features/environment/properties/temperature").asDouble()).isEqualTo(21.75);
        } finally {
            restarted.close();
        }
    }

    @Test
    void malformedTelemetryIsCountedAsADeadLetterAndLaterTelemetryStillArrives() throws Exception {
        TwinGraphApp app = Authorized.register(startApp(dir.resolve("data")));
        try {
            importKitchen(app);
            put(app.httpUrl() + "/api/2/things/e2e:kitchen-sensor", """
                    {"attributes":{"location":"https://twingraph.io/site/e2e/kitchen"},
                     "features":{"environment":{"properties":{"temperature":20.0}}}}""");
            publish(brokerUri(app), "twingraph/e2e:kitchen-sensor/telemetry", "{broken");
            publish(brokerUri(app), "twingraph/e2e:kitchen-sensor/telemetry", "{\"environment\":{\"temperature\":\"warm\"}}");
            publish(brokerUri(app), "twingraph/e2e:nobody/telemetry", "{\"environment\":{\"temperature\":1}}");
            publish(brokerUri(app), "twingraph/e2e:kitchen-sensor/telemetry", "{\"environment\":{\"temperature\":19.5}}");

            await().atMost(Duration.ofSeconds(10)).until(() -> "19.5".equals(kitchenTemperature(app)));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode report = Json.MAPPER.readTree(HTTP.send(Authorized.request(
                        app.httpUrl() + "/api/dead-letters").build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(report.path("total").asLong()).isEqualTo(3);
                assertThat(report.path("byCode").path("twins:payload.malformed").asLong()).isEqualTo(1);
                assertThat(report.path("byCode").path("twins:telemetry.type").asLong()).isEqualTo(1);
                assertThat(report.path("byCode").path("things:thing.notfound").asLong()).isEqualTo(1);
            });
        } finally {
            app.close();
        }
    }

    static Clock clock() {
        return Clock.systemUTC();
    }
}
