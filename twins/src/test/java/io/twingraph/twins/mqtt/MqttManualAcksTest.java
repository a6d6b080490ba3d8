package io.twingraph.twins.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.twingraph.twins.DeadLetters;
import io.twingraph.twins.Delivery;
import io.twingraph.twins.Topics;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinInbox;
import io.twingraph.twins.ditto.DittoProtocolCodec;

/**
 * The connector acknowledges a QoS 1 message only when the inbox accepts it, and a message it never acknowledged comes
 * back from the broker, flagged as a redelivery and with the same identity, when TwinGraph connects again.
 */
class MqttManualAcksTest {
    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private MqttClient device;
    private final String clientId = "tg-acks-" + System.nanoTime();

    /** An inbox that accepts deliveries as they come, except those whose payload says "hold". */
    private static final class HoldingInbox implements TwinInbox {
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

        @Override
        public void submit(TwinCommand command, String source, String payload) {
            throw new AssertionError("MQTT input must come with its delivery");
        }

        @Override
        public void submit(TwinCommand command, Delivery delivery) {
            deliveries.add(delivery);
            if (!delivery.payload().contains("hold")) {
                delivery.acknowledgement().accepted();
            }
        }
    }

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", 0, dir);
        device = new MqttClient(broker.uri(), "device-acks", new MemoryPersistence());
        device.connect(new MqttConnectionOptions());
    }

    @AfterEach
    void stop() throws Exception {
        device.disconnect();
        device.close();
        broker.close();
    }

    private MqttConnector connect(TwinInbox inbox, DeadLetters deadLetters) {
        return MqttConnector.connect(MqttSettings.of(broker.uri()).withClientId(clientId), Topics.defaults(), inbox,
                deadLetters, new DittoProtocolCodec(), Clock.systemUTC());
    }

    private void publish(String payload) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        device.publish("twingraph/home1:lamp/telemetry", m);
    }

    @Test
    void aMessageIsAcknowledgedOnlyOnceAcceptedAndOneNeverAcceptedComesBackMarkedAsRedelivered() throws Exception {
        HoldingInbox first = new HoldingInbox();
        DeadLetters deadLetters = DeadLetters.inMemory();
        MqttConnector connector = connect(first, deadLetters);
        publish("{\"light\":{\"level\":1}}");
        publish("{broken");
        publish("{\"light\":{\"level\":2,\"note\":\"hold\"}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> first.deliveries.size() == 2 && deadLetters.total() == 1);
        assertThat(first.deliveries).allSatisfy(d -> assertThat(d.resumedConnection()).isNull()); // a new session
        assertThat(connector.unacknowledged()).isEqualTo(1); // level 1 and the dead letter are acknowledged
        Delivery held = first.deliveries.get(1);
        connector.close();

        HoldingInbox second = new HoldingInbox();
        MqttConnector again = connect(second, DeadLetters.inMemory());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !second.deliveries.isEmpty());
            Thread.sleep(300); // anything else the broker would send again comes in this time
            assertThat(second.deliveries).hasSize(1);
            Delivery redelivered = second.deliveries.get(0);
            assertThat(redelivered.payload()).isEqualTo(held.payload());
            assertThat(redelivered.resumedConnection()).isNotNull(); // at the head of a resumed session
            assertThat(redelivered.messageId()).isEqualTo(held.messageId());
            redelivered.acknowledgement().accepted();
            assertThat(again.unacknowledged()).isZero();
        } finally {
            again.close();
        }
    }

    @Test
    void afterTheBrokerGoesAwayTheConnectorReconnectsSubscribesAgainAndKnowsTheSessionIsNew() throws Exception {
        HoldingInbox inbox = new HoldingInbox();
        MqttConnector connector = connect(inbox, DeadLetters.inMemory());
        try {
            int port = broker.port();
            device.disconnect();
            broker.close(); // in-memory sessions: the next broker knows nothing of TwinGraph's
            await().atMost(Duration.ofSeconds(10)).until(() -> !connector.isConnected());
            broker = EmbeddedBroker.start("127.0.0.1", port, dir.resolve("second"));
            device.connect(new MqttConnectionOptions());
            await().atMost(Duration.ofSeconds(20)).until(connector::isConnected);
            Thread.sleep(500); // the subscription follows the connect
            publish("{\"light\":{\"level\":4}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> inbox.deliveries.size() == 1);
            assertThat(inbox.deliveries.get(0).resumedConnection()).isNull();
        } finally {
            connector.close();
        }
    }

    @Test
    void aMessageTheInboxCouldNotJournalIsRedeliveredOnTheNextConnection() throws Exception {
        List<Delivery> refused = new CopyOnWriteArrayList<>();
        MqttConnector connector = connect(new TwinInbox() {
            @Override
            public void submit(TwinCommand command, String source, String payload) {
                throw new AssertionError("MQTT input must come with its delivery");
            }

            @Override
            public void submit(TwinCommand command, Delivery delivery) {
                refused.add(delivery);
                delivery.acknowledgement().notAccepted();
            }
        }, DeadLetters.inMemory());
        publish("{\"light\":{\"level\":9}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> refused.size() == 1);
        assertThat(connector.unacknowledged()).isZero();
        connector.close();

        HoldingInbox second = new HoldingInbox();
        MqttConnector again = connect(second, DeadLetters.inMemory());
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> second.deliveries.size() == 1);
            assertThat(second.deliveries.get(0).payload()).isEqualTo("{\"light\":{\"level\":9}}");
        } finally {
            again.close();
        }
    }
}
