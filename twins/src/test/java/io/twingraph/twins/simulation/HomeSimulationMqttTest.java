package io.twingraph.twins.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.twins.DeadLetter;
import io.twingraph.twins.DeadLetters;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.Topics;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinStore;
import io.twingraph.twins.ditto.DittoProtocolCodec;
import io.twingraph.twins.mqtt.EmbeddedBroker;
import io.twingraph.twins.mqtt.MqttConnector;
import io.twingraph.twins.mqtt.MqttSettings;

class HomeSimulationMqttTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DittoProtocolCodec DITTO = new DittoProtocolCodec();

    @TempDir
    static Path brokerDir;
    private static EmbeddedBroker broker;

    /** One MQTT message as a subscriber saw it. */
    record Received(String topic, String payload, String correlationId) {
        JsonObject json() {
            return JsonFactory.readFrom(payload).asObject();
        }
    }

    @BeforeAll
    static void startBroker() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        broker = EmbeddedBroker.start("127.0.0.1", port, brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Real time passing from a fixed Monday evening, so the running simulation has a known context. */
    private static Clock mondayEvening() {
        Instant start = LocalDateTime.parse("2026-01-12T19:00").atZone(SimTimes.BERLIN).toInstant();
        return Clock.offset(Clock.system(SimTimes.BERLIN), Duration.between(Instant.now(), start));
    }

    private static SimulationConfig fast(double speed) {
        return SimulationConfig.defaults().withSpeedFactor(speed).withTickPeriod(Duration.ofMillis(100))
                .withHeartbeat(Duration.ofMinutes(2));
    }

    @Test
    void devicesPublishPlainAndDittoTelemetryAndObeyBothKindsOfCommands() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        try (Subscriber subscriber = Subscriber.connect(broker.uri(), received);
             HomeSimulation sim = new HomeSimulation(fast(60), mondayEvening())) {
            sim.start(broker.uri());

            String kitchenLight = TOPICS.telemetry(ThingId.of("home1:kitchen-light"));
            Received plain = await().atMost(WAIT).until(() -> first(received, kitchenLight), Optional::isPresent).get();
            assertThat(plain.json().getValue(JsonPointer.of("/light/on"))).hasValueSatisfying(v -> assertThat(v.isBoolean()).isTrue());

            ThingId thermostat = ThingId.of("home1:living-room-thermostat");
            Received ditto = await().atMost(WAIT).until(() -> first(received, TOPICS.ditto(thermostat)), Optional::isPresent).get();
            TwinCommand twin = DITTO.toTwinCommand(DITTO.decode(ditto.payload()), TwinCommand.Origin.DEVICE);
            assertThat(twin).isInstanceOf(TwinCommand.Merge.class);
            assertThat(twin.thingId().toString()).isEqualTo(thermostat.toString());

            subscriber.publish(TOPICS.command(ThingId.of("home1:office-light")), "{\"light\":{\"on\":true,\"brightness\":42}}", "plain-1");
            Received lightReply = await().atMost(WAIT).until(() -> withCorrelation(received, "plain-1"), Optional::isPresent).get();
            assertThat(lightReply.topic()).isEqualTo(TOPICS.telemetry(ThingId.of("home1:office-light")));
            assertThat(lightReply.json()).isEqualTo(JsonFactory.readFrom("{\"light\":{\"on\":true,\"brightness\":42}}"));

            DeviceCommand lampOn = new DeviceCommand(ThingId.of("home1:living-room-floor-lamp"),
                    JsonPointer.of("/features/light/properties/on"), JsonValue.of(true), "ditto-1");
            subscriber.publish(TOPICS.dittoCommand(lampOn.thingId()), DITTO.liveCommand(lampOn), "ditto-1");
            Received lampReply = await().atMost(WAIT).until(() -> withCorrelation(received, "ditto-1"), Optional::isPresent).get();
            assertThat(lampReply.topic()).isEqualTo(TOPICS.ditto(lampOn.thingId()));
            TwinCommand merge = DITTO.toTwinCommand(DITTO.decode(lampReply.payload()), TwinCommand.Origin.DEVICE);
            assertThat(merge.correlationId()).isEqualTo("ditto-1");
            assertThat(((TwinCommand.Merge) merge).patch().asObject().getValue("on")).contains(JsonValue.of(true));
            assertThat(sim.state("home1:living-room-floor-lamp").orElseThrow().getValue(JsonPointer.of("/light/on")))
                    .contains(JsonValue.of(true));
        }
    }

    @Test
    void twinGraphsOwnConnectorAcceptsEverythingTheSimulationPublishes() {
        DeadLetters deadLetters = DeadLetters.inMemory();
        Instant t0 = Instant.parse("2026-01-12T18:00:00Z");
        try (TwinStore store = TwinStore.inMemory();
             HomeSimulation sim = new HomeSimulation(fast(600).withHomes(2).withExtraDevicesPerHome(8), mondayEvening())) {
            for (Thing thing : sim.things()) {
                store.apply(new TwinCommand.Create(thing.getEntityId().orElseThrow(), thing, TwinCommand.Origin.SYSTEM,
                        "provision"), t0);
            }
            Object writer = new Object();
            try (MqttConnector connector = MqttConnector.connect(MqttSettings.of(broker.uri()).withClientId("twingraph-test"),
                    TOPICS, (command, source, payload) -> {
                        synchronized (writer) {
                            try {
                                store.apply(command, Instant.now());
                            } catch (RuntimeException e) {
                                deadLetters.record(new DeadLetter(Instant.now(), source, e.getClass().getSimpleName(),
                                        String.valueOf(e.getMessage()), payload));
                            }
                        }
                    }, deadLetters, DITTO, Clock.systemUTC())) {
                sim.start(broker.uri());
                int devices = sim.things().size();
                await().atMost(WAIT).until(() -> connector.received() > 3L * devices);
                await().atMost(WAIT).until(() -> store.all().stream().filter(t -> t.getRevision().orElseThrow().toLong() > 2).count() > devices / 2);
            }
        }
        assertThat(deadLetters.recent(5)).isEmpty();
        assertThat(deadLetters.total()).isZero();
    }

    private static Optional<Received> first(List<Received> received, String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).findFirst();
    }

    private static Optional<Received> withCorrelation(List<Received> received, String correlationId) {
        return received.stream().filter(r -> correlationId.equals(r.correlationId()))
                .filter(r -> !r.topic().endsWith("/command")).findFirst();
    }

    /** A test client that records everything under the prefix and can publish commands. */
    private static final class Subscriber implements AutoCloseable {
        private final MqttAsyncClient client;

        private Subscriber(MqttAsyncClient client) {
            this.client = client;
        }

        static Subscriber connect(String uri, List<Received> sink) throws MqttException {
            MqttAsyncClient client = new MqttAsyncClient(uri, "sim-test-subscriber", new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    byte[] correlation = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
                    sink.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                            correlation == null ? null : new String(correlation, StandardCharsets.UTF_8)));
                }

                @Override
                public void disconnected(MqttDisconnectResponse response) {
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
            client.connect(new MqttConnectionOptions()).waitForCompletion(5_000);
            client.subscribe(TOPICS.prefix() + "/#", 1).waitForCompletion(5_000);
            return new Subscriber(client);
        }

        void publish(String topic, String payload, String correlationId) throws MqttException {
            MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            MqttProperties properties = new MqttProperties();
            properties.setCorrelationData(correlationId.getBytes(StandardCharsets.UTF_8));
            message.setProperties(properties);
            client.publish(topic, message).waitForCompletion(5_000);
        }

        @Override
        public void close() throws MqttException {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }
}
