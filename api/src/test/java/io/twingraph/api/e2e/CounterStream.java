package io.twingraph.api.e2e;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Devices counting up: round r publishes {@code {"counter":{"n":r}}} for every device, QoS 1, at a steady pace. A
 * publish returns once the broker acknowledged it, so {@link #acked(int)} is the last value the broker took for a
 * device. It stops at the first failure (the embedded broker dies with the TwinGraph that runs it).
 */
final class CounterStream implements AutoCloseable {
    private final String broker;
    private final List<String> devices;
    private final int rounds;
    private final int perSecond;
    private final AtomicLongArray acked;
    private final AtomicLong published = new AtomicLong();
    private final Thread thread;
    private volatile Exception stoppedBy;
    private volatile boolean stop;

    CounterStream(String broker, List<String> devices, int rounds, int perSecond) {
        this.broker = broker;
        this.devices = devices;
        this.rounds = rounds;
        this.perSecond = perSecond;
        this.acked = new AtomicLongArray(devices.size());
        this.thread = new Thread(this::run, "counter-stream");
        this.thread.setDaemon(true);
    }

    static String topic(String device) {
        return "twingraph/" + device + "/telemetry";
    }

    void start() {
        thread.start();
    }

    private void run() {
        MqttClient client = null;
        try {
            client = new MqttClient(broker, "counter-stream-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setConnectionTimeout(5);
            client.connect(options);
            long start = System.nanoTime();
            for (int r = 1; r <= rounds && !stop; r++) {
                for (int d = 0; d < devices.size() && !stop; d++) {
                    MqttMessage m = new MqttMessage(("{\"counter\":{\"n\":" + r + "}}").getBytes(StandardCharsets.UTF_8));
                    m.setQos(1);
                    publish(client, topic(devices.get(d)), m);
                    acked.set(d, r);
                    long n = published.incrementAndGet();
                    long due = start + n * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            }
        } catch (Exception e) {
            stoppedBy = e;
        } finally {
            if (client != null) {
                try {
                    if (client.isConnected()) {
                        client.disconnect();
                    }
                    client.close();
                } catch (Exception ignored) {
                    // the broker may be gone
                }
            }
        }
    }

    /**
     * Publishes and waits for the broker's acknowledgement. Paho can report its in-flight window full even between
     * synchronous publishes ("too many publishes in progress"); then nothing was sent, and it is tried again.
     */
    private static void publish(MqttClient client, String topic, MqttMessage m) throws Exception {
        while (true) {
            try {
                client.publish(topic, m);
                return;
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                TimeUnit.MICROSECONDS.sleep(200);
            }
        }
    }

    long published() {
        return published.get();
    }

    long acked(int device) {
        return acked.get(device);
    }

    /** True while it runs well; throws what stopped it otherwise (for conditions that wait on it). */
    boolean failIfStopped() {
        if (stoppedBy != null) {
            throw new IllegalStateException("the telemetry stream stopped: " + stoppedBy, stoppedBy);
        }
        return true;
    }

    /** Why it stopped early, or null. */
    Exception stoppedBy() {
        return stoppedBy;
    }

    boolean awaitDone(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }
}
