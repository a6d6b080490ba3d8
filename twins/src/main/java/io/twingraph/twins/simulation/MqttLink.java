package io.twingraph.twins.simulation;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.error.TwinGraphException;

/**
 * The simulation's one MQTT 5 connection (Paho): publishes at QoS 1 and delivers commands to a listener.
 *
 * <p>A broker only lets a client have a few unacknowledged QoS 1 messages in flight (its Receive Maximum; HiveMQ
 * says 10) and Paho refuses to publish beyond that, so {@link #publish} waits for room rather than dropping
 * telemetry. The session is not persistent: a simulated device that was offline simply reports its current state.
 */
final class MqttLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long CONNECT_TIMEOUT_MILLIS = 15_000;

    /** Receives commands on Paho's callback thread; must not block. */
    interface Listener {
        void command(String topic, String payload, String correlationId);
    }

    private final MqttAsyncClient client;
    private final String[] filters;
    private final Listener listener;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private MqttLink(MqttAsyncClient client, String[] filters, Listener listener) {
        this.client = client;
        this.filters = filters;
        this.listener = listener;
    }

    /**
     * Connects and subscribes to the command topics.
     *
     * @throws TwinGraphException {@code mqtt:broker.unavailable} when the broker cannot be reached
     */
    static MqttLink connect(String brokerUri, String clientId, String[] commandFilters, Listener listener) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
            MqttLink link = new MqttLink(client, commandFilters, listener);
            client.setCallback(link.new Callback());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setSocketFactory(io.twingraph.twins.mqtt.NoDelaySocketFactory.INSTANCE);
            options.setCleanStart(true);
            options.setAutomaticReconnect(true);
            options.setAutomaticReconnectDelay(1, 30);
            options.setKeepAliveInterval(30);
            options.setConnectionTimeout(10);
            client.connect(options).waitForCompletion(CONNECT_TIMEOUT_MILLIS);
            link.subscribe().waitForCompletion(CONNECT_TIMEOUT_MILLIS);
            LOG.info("Simulation connected to {} as {}", brokerUri, clientId);
            return link;
        } catch (MqttException e) {
            throw new TwinGraphException("mqtt:broker.unavailable", TwinGraphException.Kind.UNAVAILABLE,
                    "The simulation cannot connect to the MQTT broker at " + brokerUri + ": " + e.getMessage(),
                    "Check that the broker runs and the URI is right.", e);
        }
    }

    /**
     * Publishes at QoS 1, waiting while the broker's in-flight window is full.
     *
     * @return false when the message was dropped (disconnected, or no room for too long)
     */
    boolean publish(String topic, String payload, String correlationId) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setContentType("application/json");
        if (correlationId != null) {
            properties.setCorrelationData(correlationId.getBytes(StandardCharsets.UTF_8));
        }
        message.setProperties(properties);
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        while (true) {
            try {
                client.publish(topic, message);
                published.incrementAndGet();
                return true;
            } catch (MqttException e) {
                boolean windowFull = e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT;
                if (!windowFull || System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                    dropped.incrementAndGet();
                    LOG.debug("Dropped a message to {}: {}", topic, e.getMessage());
                    return false;
                }
                LockSupport.parkNanos(200_000);
            }
        }
    }

    long published() {
        return published.get();
    }

    long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close();
        } catch (MqttException e) {
            LOG.warn("Simulation MQTT disconnect: {}", e.getMessage());
        }
    }

    private IMqttToken subscribe() throws MqttException {
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, 1);
        return client.subscribe(filters, qos);
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MqttProperties properties = message.getProperties();
            byte[] correlation = properties == null ? null : properties.getCorrelationData();
            listener.command(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                    correlation == null ? null : new String(correlation, StandardCharsets.UTF_8));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                LOG.info("Simulation reconnected to {}", serverUri);
                try {
                    subscribe(); // not waited for: blocking Paho's callback thread would stall it
                } catch (MqttException e) {
                    LOG.warn("Simulation resubscribe failed: {}", e.getMessage());
                }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn("Simulation disconnected from the broker: {}", response.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("Simulation MQTT error: {}", exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Paho retries QoS 1 until acknowledged; nothing to do
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
