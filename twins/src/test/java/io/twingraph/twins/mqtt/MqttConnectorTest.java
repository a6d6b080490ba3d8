package io.twingraph.twins.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.protocol.TopicPath;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.ditto.things.model.signals.commands.modify.ModifyFeatureProperty;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.twins.DeadLetters;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.Topics;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.ditto.DittoProtocolCodec;

class MqttConnectorTest {
    private static final ThingId LAMP = ThingId.of("home1:lamp");
    private static EmbeddedBroker broker;
    private static MqttClient device;

    private final List<TwinCommand> received = new CopyOnWriteArrayList<>();
    private final List<String> receivedSources = new CopyOnWriteArrayList<>();
    private DeadLetters deadLetters;
    private MqttConnector connector;
    private final Topics topics = Topics.defaults();

    @BeforeAll
    static void startBroker(@TempDir Path dir) throws Exception {
        // port 0: the broker picks a free port and its URI names it
        broker = EmbeddedBroker.start("127.0.0.1", 0, dir);
        assertThat(broker.port()).isPositive();
        device = new MqttClient(broker.uri(), "device", new MemoryPersistence());
        device.connect(new MqttConnectionOptions());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        device.disconnect();
        device.close();
        broker.close();
    }

    @BeforeEach
    void connect() {
        deadLetters = DeadLetters.inMemory();
        connector = MqttConnector.connect(MqttSettings.of(broker.uri()).withClientId("tg-" + System.nanoTime())
                        .withMaxPayloadBytes(1024),
                topics, (c, source, payload) -> {
                    received.add(c);
                    receivedSources.add(source);
                }, deadLetters, new DittoProtocolCodec(), Clock.systemUTC());
    }

    @org.junit.jupiter.api.AfterEach
    void disconnect() {
        connector.close();
    }

    private static void publish(String topic, String payload) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        device.publish(topic, m);
    }

    @Test
    void plainTelemetryBecomesADeviceMergeIntoFeatureProperties() throws Exception {
        publish("twingraph/home1:lamp/telemetry", "{\"light\":{\"on\":true,\"brightness\":40}}");

        await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
        TwinCommand.Merge merge = (TwinCommand.Merge) received.get(0);
        assertThat((Object) merge.thingId()).isEqualTo(LAMP);
        assertThat(merge.origin()).isEqualTo(TwinCommand.Origin.DEVICE);
        assertThat(merge.path().toString()).isEqualTo("/features");
        assertThat((Object) merge.patch()).isEqualTo(JsonFactory.readFrom("{\"light\":{\"properties\":{\"on\":true,\"brightness\":40}}}"));
        assertThat(receivedSources).containsExactly("twingraph/home1:lamp/telemetry");
    }

    @Test
    void aDittoProtocolTwinCommandIsDecodedWithItsOwnPathAndCorrelationId() throws Exception {
        String message = new DittoProtocolCodec().encode(ModifyFeatureProperty.of(LAMP, "light", JsonPointer.of("on"),
                JsonValue.of(false), DittoHeaders.newBuilder().correlationId("corr-1").build()), TopicPath.Channel.TWIN);

        publish("twingraph/home1:lamp/ditto", message);

        await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
        TwinCommand.Modify modify = (TwinCommand.Modify) received.get(0);
        assertThat(modify.path().toString()).isEqualTo("/features/light/properties/on");
        assertThat((Object) modify.value()).isEqualTo(JsonValue.of(false));
        assertThat(modify.correlationId()).isEqualTo("corr-1");
    }

    @Test
    void badInputIsDeadLetteredWithItsReasonAndIngestionGoesOn() throws Exception {
        publish("twingraph/home1:lamp/telemetry", "{not json");
        publish("twingraph/home1:lamp/telemetry", "[1,2]");
        publish("twingraph/home1:lamp/telemetry", "{\"light\":{\"x\":\"" + "y".repeat(2000) + "\"}}");
        publish("twingraph/not-a-thing-id/telemetry", "{\"light\":{\"on\":true}}");
        publish("twingraph/home1:other/ditto", new DittoProtocolCodec().encode(ModifyFeatureProperty.of(LAMP, "light",
                JsonPointer.of("on"), JsonValue.of(true), DittoHeaders.empty()), TopicPath.Channel.TWIN));
        publish("twingraph/home1:lamp/telemetry", "{\"light\":{\"on\":true}}");

        await().atMost(Duration.ofSeconds(5)).until(() -> deadLetters.total() == 5 && received.size() == 1);
        assertThat(deadLetters.countsByCode()).containsEntry("twins:payload.malformed", 2L)
                .containsEntry("twins:payload.too-large", 1L)
                .containsEntry("twins:topic.unknown", 1L)
                .containsEntry("twins:topic.mismatch", 1L);
        assertThat(deadLetters.recent(10).get(4).reason()).startsWith("Malformed telemetry: not JSON");
    }

    @Test
    void commandsGoOutInTheDevicesOwnProtocol() throws Exception {
        List<String[]> seen = new CopyOnWriteArrayList<>();
        device.subscribe(topics.commandFilters(), new int[] {1, 1});
        device.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            public void messageArrived(String topic, MqttMessage message) {
                seen.add(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                        new String(message.getProperties().getCorrelationData(), StandardCharsets.UTF_8)});
            }
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) { }
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException e) { }
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken t) { }
            public void connectComplete(boolean reconnect, String uri) { }
            public void authPacketArrived(int code, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) { }
        });
        Thing plain = ThingsModelFactory.newThing("{\"thingId\":\"home1:lamp\"}");
        Thing ditto = ThingsModelFactory.newThing("{\"thingId\":\"home1:plug\",\"attributes\":{\"protocol\":\"ditto\"}}");

        connector.send(new DeviceCommand(LAMP, JsonPointer.of("/features/light/properties/on"), JsonValue.of(true), "c-1"), plain);
        connector.send(new DeviceCommand(ThingId.of("home1:plug"), JsonPointer.of("/features/switch/properties/on"),
                JsonValue.of(false), "c-2"), ditto);

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        String[] first = seen.stream().filter(s -> s[2].equals("c-1")).findFirst().orElseThrow();
        assertThat(first[0]).isEqualTo("twingraph/home1:lamp/command");
        assertThat((Object) JsonFactory.readFrom(first[1])).isEqualTo(JsonFactory.readFrom("{\"light\":{\"on\":true}}"));
        String[] second = seen.stream().filter(s -> s[2].equals("c-2")).findFirst().orElseThrow();
        assertThat(second[0]).isEqualTo("twingraph/home1:plug/ditto/command");
        var decoded = new DittoProtocolCodec().decode(second[1]);
        assertThat(decoded.channel()).isEqualTo(TopicPath.Channel.LIVE);
        assertThat(decoded.signal()).isInstanceOf(ModifyFeatureProperty.class);
        assertThat(decoded.signal().getDittoHeaders().getCorrelationId()).contains("c-2");
        device.unsubscribe(topics.commandFilters());
    }
}
