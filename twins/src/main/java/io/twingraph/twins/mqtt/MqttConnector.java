package io.twingraph.twins.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.DeadLetter;
import io.twingraph.twins.DeadLetters;
import io.twingraph.twins.Delivery;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.DeviceCommandSender;
import io.twingraph.twins.DeviceProtocol;
import io.twingraph.twins.Topics;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinInbox;
import io.twingraph.twins.ditto.DittoProtocolCodec;

/**
 * TwinGraph's MQTT 5 client (Paho): decodes what devices publish into twin commands for the {@link TwinInbox}, and
 * publishes device commands. Anything it cannot decode becomes a dead letter; nothing stops ingestion.
 *
 * <p>The session is persistent (clean start off, one day expiry) so a broker that keeps sessions (Mosquitto) queues
 * QoS 1 telemetry while TwinGraph restarts. After a lost connection it reconnects by itself (1 s, doubling to 30 s) and
 * renews its subscriptions. Close it to disconnect.
 *
 * <p>Acknowledgements are manual: a QoS 1 message is acknowledged (PUBACK) only once the inbox says its command is
 * journaled, or once it is dead-lettered as undecodable, and always in arrival order ({@link InOrderAcks}). A message
 * TwinGraph had not journaled when it stopped (even by {@code kill -9}) is therefore redelivered by the broker. One it
 * had journaled but whose acknowledgement the broker never got comes again at the head of the next connection that
 * resumes the session; such messages are marked ({@link Delivery#resumedConnection()}) and the engine recognises the
 * journaled ones by packet id and content. Reconnecting is done here rather than by Paho because only a connect of our
 * own reports whether the broker resumed the session.
 */
public final class MqttConnector implements DeviceCommandSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnector.class);
    private static final long SESSION_EXPIRY_SECONDS = 24 * 3600;

    private final MqttAsyncClient client;
    private final MqttSettings settings;
    private final Topics topics;
    private final TwinInbox inbox;
    private final DeadLetters deadLetters;
    private final DittoProtocolCodec ditto;
    private final Clock clock;
    private final InOrderAcks acks;
    private final ScheduledExecutorService reconnector;
    private final AtomicLong connections = new AtomicLong();
    /** The head of a resumed connection, where repeats can come; null once past it or on a new session. */
    private volatile Head head;
    private volatile boolean closing;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    private MqttConnector(MqttAsyncClient client, MqttSettings settings, Topics topics, TwinInbox inbox,
                          DeadLetters deadLetters, DittoProtocolCodec ditto, Clock clock) {
        this.client = client;
        this.acks = new InOrderAcks(client::messageArrivedComplete);
        this.reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "twingraph-mqtt-reconnect");
            t.setDaemon(true);
            return t;
        });
        this.settings = settings;
        this.topics = topics;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.ditto = ditto;
        this.clock = clock;
    }

    /**
     * Connects, subscribes to the inbound topics and starts delivering commands to the inbox.
     *
     * @throws TwinGraphException {@code mqtt:broker.unavailable} when the broker cannot be reached
     */
    public static MqttConnector connect(MqttSettings settings, Topics topics, TwinInbox inbox,
                                        DeadLetters deadLetters, DittoProtocolCodec ditto, Clock clock) {
        MqttConnector connector = null;
        try {
            MqttAsyncClient client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
            connector = new MqttConnector(client, settings, topics, inbox, deadLetters, ditto, clock);
            client.setCallback(connector.new Callback());
            client.setManualAcks(true); // acknowledged once journaled, not when messageArrived returns
            boolean resumed = connector.establish();
            LOG.info("MQTT connected to {} as {} ({} session)", settings.serverUri(), settings.clientId(),
                    resumed ? "resumed" : "new");
            return connector;
        } catch (MqttException e) {
            if (connector != null) {
                connector.closing = true;
                connector.reconnector.shutdownNow();
            }
            throw new TwinGraphException("mqtt:broker.unavailable", TwinGraphException.Kind.UNAVAILABLE,
                    "Cannot connect to the MQTT broker at " + settings.serverUri() + ": " + e.getMessage(),
                    "Check that the broker runs and the URI (--mqtt) is right.", e);
        }
    }

    /** Publishes a device command in the device's protocol (QoS 1). */
    @Override
    public void send(DeviceCommand command, Thing target) {
        DeviceProtocol protocol = DeviceProtocol.of(target);
        String topic = protocol == DeviceProtocol.DITTO ? topics.dittoCommand(command.thingId()) : topics.command(command.thingId());
        String payload = protocol == DeviceProtocol.DITTO ? ditto.liveCommand(command) : TelemetryCodec.encode(command);
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setCorrelationData(command.correlationId().getBytes(StandardCharsets.UTF_8));
        properties.setContentType("application/json");
        message.setProperties(properties);
        try {
            client.publish(topic, message);
            sent.incrementAndGet();
        } catch (MqttException e) {
            throw new TwinGraphException("mqtt:publish.failed", TwinGraphException.Kind.UNAVAILABLE,
                    "Cannot send the command for '" + command.thingId() + "' to " + topic + ": " + e.getMessage(),
                    "The broker connection may be down; TwinGraph reconnects automatically.", e);
        }
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Messages received since start. */
    public long received() {
        return received.get();
    }

    /** Commands published since start. */
    public long sent() {
        return sent.get();
    }

    public String serverUri() {
        return settings.serverUri();
    }

    @Override
    public void close() {
        closing = true;
        reconnector.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close();
        } catch (MqttException e) {
            LOG.warn("MQTT disconnect: {}", e.getMessage());
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        options.setCleanStart(false);
        options.setSessionExpiryInterval(SESSION_EXPIRY_SECONDS);
        options.setAutomaticReconnect(false); // see establish(): our own loop learns whether the session resumed
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        // also the most unacknowledged messages at once, which bounds how far back a redelivery can reach
        options.setReceiveMaximum(Delivery.MAX_UNACKNOWLEDGED);
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }

    private IMqttToken subscribe() throws MqttException {
        return client.subscribe(topics.inboundFilters(), new int[] {1, 1});
    }

    /** The first messages of a connection that resumed a session: they may repeat earlier deliveries. */
    private record Head(String connection, AtomicInteger left) {
    }

    /**
     * Connects and subscribes; returns whether the broker resumed the session. Until the broker answers, the
     * connection is taken to resume one, because on a resumed session repeats can arrive before the connect call
     * returns; on a new one nothing arrives before the subscription, so clearing the mark then is in time.
     */
    private boolean establish() throws MqttException {
        head = new Head(settings.clientId() + "#" + connections.incrementAndGet(),
                new AtomicInteger(Delivery.MAX_UNACKNOWLEDGED));
        IMqttToken connected = client.connect(options());
        connected.waitForCompletion(15_000);
        boolean resumed = connected.getSessionPresent();
        if (!resumed) {
            head = null;
        }
        subscribe().waitForCompletion(15_000);
        return resumed;
    }

    private void reconnectIn(long delayMillis) {
        if (closing) {
            return;
        }
        try {
            reconnector.schedule(() -> {
                if (closing || client.isConnected()) {
                    return;
                }
                try {
                    boolean resumed = establish();
                    LOG.info("MQTT reconnected to {} ({} session)", settings.serverUri(), resumed ? "resumed" : "new");
                } catch (MqttException | RuntimeException e) {
                    LOG.warn("MQTT reconnect to {} failed: {}; trying again", settings.serverUri(), e.getMessage());
                    reconnectIn(Math.min(delayMillis * 2, 30_000));
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** The connection a message at its head arrived on, if it may be a repeat; null otherwise. */
    private String resumedConnection() {
        Head h = head;
        if (h == null) {
            return null;
        }
        if (h.left().decrementAndGet() >= 0) {
            return h.connection();
        }
        head = null; // past the most the broker can have had unacknowledged
        return null;
    }

    /** Messages received and not acknowledged yet (waiting for the journal, or for earlier ones). */
    public int unacknowledged() {
        return acks.unacknowledged();
    }

    /**
     * Decodes one message into a command for the inbox, or a dead letter, and settles its acknowledgement: accepted
     * when the inbox has journaled the command or when it is dead-lettered; not accepted when the inbox cannot take
     * it now (TwinGraph stopping), so that the broker delivers it again. Never throws.
     */
    void onMessage(String topic, byte[] bytes, Delivery.MessageId id, String resumedConnection,
                   Delivery.Acknowledgement ack) {
        received.incrementAndGet();
        String payload = null;
        TwinCommand command;
        try {
            if (bytes.length > settings.maxPayloadBytes()) {
                deadLetter(topic, "twins:payload.too-large", "Payload of " + bytes.length + " bytes is larger than "
                        + settings.maxPayloadBytes() + " bytes.", new String(bytes, 0, Math.min(bytes.length, DeadLetter.EXCERPT_LENGTH), StandardCharsets.UTF_8));
                ack.accepted();
                return;
            }
            payload = new String(bytes, StandardCharsets.UTF_8);
            Topics.Inbound inbound = topics.parseInbound(topic).orElse(null);
            if (inbound == null) {
                deadLetter(topic, "twins:topic.unknown", "Not a TwinGraph inbound topic.", payload);
                ack.accepted();
                return;
            }
            ThingId thingId = ThingId.of(inbound.thingId());
            command = decode(thingId, inbound.kind(), payload);
        } catch (TwinGraphException e) {
            deadLetter(topic, e.code(), e.getMessage(), payload);
            ack.accepted();
            return;
        } catch (DittoRuntimeException e) {
            String code = e.getErrorCode().startsWith("things:id") ? "twins:topic.unknown" : e.getErrorCode();
            deadLetter(topic, code, e.getMessage(), payload);
            ack.accepted();
            return;
        } catch (RuntimeException e) {
            LOG.warn("Unexpected failure decoding a message on {}", topic, e);
            deadLetter(topic, "twins:payload.malformed", e.toString(), payload);
            ack.accepted();
            return;
        }
        try {
            inbox.submit(command, new Delivery(topic, payload, id, resumedConnection, ack));
        } catch (RuntimeException e) {
            // the inbox did not take it (TwinGraph is stopping): unacknowledged, the broker delivers it again
            LOG.debug("Message on {} left for redelivery: {}", topic, e.getMessage());
            ack.notAccepted();
        }
    }

    /** The message's identity for telling a redelivery: packet id within this client's session, topic and payload. */
    private Delivery.MessageId messageId(String topic, MqttMessage message) {
        CRC32C crc = new CRC32C();
        crc.update(topic.getBytes(StandardCharsets.UTF_8));
        long topicCrc = crc.getValue();
        crc.reset();
        crc.update(message.getPayload());
        return new Delivery.MessageId("mqtt:" + settings.clientId() + ":" + message.getId(), topicCrc << 32 | crc.getValue());
    }

    private TwinCommand decode(ThingId thingId, Topics.Kind kind, String payload) {
        if (kind == Topics.Kind.TELEMETRY) {
            JsonObject features = TelemetryCodec.decode(payload);
            return TwinCommand.telemetry(thingId, features, null);
        }
        TwinCommand command = ditto.toTwinCommand(ditto.decode(payload), TwinCommand.Origin.DEVICE);
        if (!command.thingId().equals(thingId)) {
            throw new TwinGraphException("twins:topic.mismatch", TwinGraphException.Kind.INVALID,
                    "The message is about '" + command.thingId() + "' but was published on the topic of '" + thingId + "'.",
                    "Publish a thing's messages on its own topic.");
        }
        return command;
    }

    private void deadLetter(String topic, String code, String reason, String payload) {
        deadLetters.record(new DeadLetter(clock.instant(), topic, code, reason, payload));
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (message.getQos() == 0) {
                onMessage(topic, message.getPayload(), null, null, Delivery.Acknowledgement.NONE);
                return;
            }
            InOrderAcks.Ticket ticket = acks.arrived(message.getId(), message.getQos());
            onMessage(topic, message.getPayload(), messageId(topic, message), resumedConnection(), new Delivery.Acknowledgement() {
                @Override
                public void accepted() {
                    acks.settle(ticket, true);
                }

                @Override
                public void notAccepted() {
                    acks.settle(ticket, false);
                }
            });
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // establish() subscribes after every connect
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            acks.connectionLost();
            head = null;
            if (!closing) {
                LOG.warn("MQTT disconnected from {}: {}; reconnecting", settings.serverUri(), response.getReasonString());
                reconnectIn(1_000);
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error: {}", exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // QoS 1 publishes need no follow-up: Paho retries until the broker acknowledges.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
