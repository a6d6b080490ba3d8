package io.twingraph.api.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.junit.jupiter.Testcontainers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real stack of deploy/compose/compose.yaml: Eclipse Ditto 3.8 (five services, MongoDB, nginx), Mosquitto, the
 * connection created by the init container, and TwinGraph built from deploy/Dockerfile, following Ditto.
 *
 * <p>One device message goes all the way: published to Mosquitto as plain telemetry, it becomes a twin in Ditto
 * (through the connection's JavaScript mapping), TwinGraph mirrors it and answers a SPARQL query with the value, and a
 * command sent to TwinGraph comes out of Mosquitto on the device's command topic.
 *
 * <p><b>Needs a Docker engine with Compose v2</b> ({@code docker compose}); without one JUnit skips the class
 * ({@code disabledWithoutDocker}): the machines this project is developed on have the Docker CLI but no engine, so
 * this test has not run there. It builds the TwinGraph image (the first build downloads the Maven dependencies) and
 * pulls Ditto's images: allow 10-20 minutes and ~4 GB of memory for Docker.
 */
@EnabledIf(value = "dockerEngineAvailable", disabledReason = "needs a Docker engine with Compose v2 (docker compose): "
        + "none here, so the real Ditto 3.8 stack of deploy/compose cannot start; run this where Docker is")
@Testcontainers(disabledWithoutDocker = true)
class DittoStackIT {
    private static final String THING = "org.example:it-lamp-1";
    private static final double TEMPERATURE = 21.375;
    private static final Duration STARTUP = Duration.ofMinutes(20);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int dittoPort;
    private static int twingraphPort;
    private static int mqttPort;
    private static ComposeContainer stack;
    private static MqttClient device;
    private static final BlockingQueue<String[]> COMMANDS = new LinkedBlockingQueue<>();

    static boolean dockerEngineAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeAll
    static void startTheStack() throws Exception {
        dittoPort = freePort();
        twingraphPort = freePort();
        mqttPort = freePort();
        stack = new ComposeContainer(new File(DeployFiles.path("compose/compose.yaml").toString()))
                .withLocalCompose(true)
                .withBuild(true)
                .withEnv(Map.of("DITTO_HTTP_PORT", String.valueOf(dittoPort),
                        "TWINGRAPH_HTTP_PORT", String.valueOf(twingraphPort),
                        "MQTT_PORT", String.valueOf(mqttPort)))
                .withStartupTimeout(STARTUP);
        stack.start();

        await("TwinGraph's /health").atMost(STARTUP).pollInterval(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> get("http://127.0.0.1:" + twingraphPort + "/health", Optional.empty()).statusCode() == 200);

        device = new MqttClient("tcp://127.0.0.1:" + mqttPort, "it-device", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        device.connect(options);
        device.subscribe("twingraph/" + THING + "/#", 1);
        device.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                COMMANDS.add(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8)});
            }

            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties props) {
            }
        });
    }

    @AfterAll
    static void stopTheStack() throws Exception {
        if (device != null && device.isConnected()) {
            device.disconnect();
        }
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void a_device_message_becomes_a_ditto_twin_a_sparql_answer_and_a_command_goes_back() throws Exception {
        // 1. the device publishes plain telemetry to Mosquitto
        String telemetry = "{\"lamp\": {\"on\": false}, \"temperature\": {\"value\": " + TEMPERATURE + "}}";
        device.publish("twingraph/" + THING + "/telemetry", telemetry.getBytes(StandardCharsets.UTF_8), 1, false);

        // 2. Ditto has the twin (created by the connection's merge, readable by nginx's user ditto)
        String dittoThing = "http://127.0.0.1:" + dittoPort + "/api/2/things/" + THING;
        String basic = "Basic " + Base64.getEncoder().encodeToString("ditto:ditto".getBytes(StandardCharsets.UTF_8));
        await("the twin in Ditto").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .untilAsserted(() -> {
                    HttpResponse<String> r = get(dittoThing, Optional.of(basic));
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    JsonNode thing = JSON.readTree(r.body());
                    assertThat(thing.at("/features/temperature/properties/value").asDouble()).isEqualTo(TEMPERATURE);
                });

        // 3. TwinGraph mirrored it: SPARQL finds the value (admin token from the data directory in the container)
        String token = "Bearer " + adminToken();
        String query = "SELECT ?s ?p WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } "
                + "FILTER(isNumeric(?o) && ?o = " + TEMPERATURE + ") } LIMIT 10";
        await("the value in TwinGraph's graph").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().untilAsserted(() -> {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + twingraphPort + "/sparql"))
                            .header("Authorization", token)
                            .header("Content-Type", "application/sparql-query")
                            .header("Accept", "application/sparql-results+json")
                            .POST(HttpRequest.BodyPublishers.ofString(query)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    assertThat(JSON.readTree(r.body()).at("/results/bindings").size()).isPositive();
                });

        // 4. a command to TwinGraph reaches the device through Ditto's live channel and Mosquitto
        COMMANDS.clear();
        HttpResponse<String> sent = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + twingraphPort
                        + "/api/2/things/" + THING + "/features/lamp/properties/on?channel=live"))
                .header("Authorization", token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("true")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isBetween(200, 299);
        String[] command = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (command == null && System.nanoTime() < deadline) {
            String[] next = COMMANDS.poll(1, TimeUnit.SECONDS);
            if (next != null && next[0].endsWith("/command")) {
                command = next;
            }
        }
        assertThat(command).as("a command on twingraph/%s/command or .../ditto/command", THING).isNotNull();
        if (command[0].equals("twingraph/" + THING + "/command")) {
            assertThat(JSON.readTree(command[1])).isEqualTo(JSON.readTree("{\"lamp\": {\"on\": true}}"));
        } else {
            JsonNode live = JSON.readTree(command[1]);
            assertThat(live.get("topic").asText()).startsWith("org.example/it-lamp-1/things/live/");
            assertThat(live.toString()).contains("lamp");
        }
    }

    private static String adminToken() throws Exception {
        ContainerState twingraph = stack.getContainerByServiceName("twingraph")
                .or(() -> stack.getContainerByServiceName("twingraph-1"))
                .orElseThrow(() -> new AssertionError("no twingraph container in the stack"));
        var result = twingraph.execInContainer("cat", "/var/lib/twingraph/access/admin.token");
        assertThat(result.getExitCode()).as(result.getStderr()).isZero();
        return result.getStdout().trim();
    }

    private static HttpResponse<String> get(String url, Optional<String> authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        authorization.ifPresent(a -> request.header("Authorization", a));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
