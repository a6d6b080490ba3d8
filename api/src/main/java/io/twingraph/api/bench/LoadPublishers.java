package io.twingraph.api.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Several MQTT 5 clients publishing one shared stream of messages, either as fast as the broker takes them or at
 * a fixed total rate, until stopped. Counts what was published.
 */
final class LoadPublishers implements AutoCloseable {
    /** Paho's "too many publishes in progress": the in-flight window is full, so wait and retry. */
    private static final int MAX_INFLIGHT = 32202;
    private static final int IN_FLIGHT = 500;

    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean running;

    LoadPublishers(String brokerUri, int count, String clientPrefix) throws MqttException {
        for (int i = 0; i < count; i++) {
            MqttAsyncClient client = new MqttAsyncClient(brokerUri, clientPrefix + "-" + i + "-" + System.nanoTime(),
                    new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setSocketFactory(io.twingraph.twins.mqtt.NoDelaySocketFactory.INSTANCE);
            options.setCleanStart(true);
            options.setReceiveMaximum(1000);
            client.connect(options).waitForCompletion(10_000);
            clients.add(client);
        }
    }

    /**
     * Starts publishing.
     *
     * @param totalRate messages per second over all clients, or 0 for as fast as possible
     * @param topic     topic of the n-th message
     * @param payload   payload of the n-th message
     */
    void start(double totalRate, int qos, LongFunction<String> topic, LongFunction<String> payload) {
        running = true;
        double perClient = totalRate / clients.size();
        for (MqttAsyncClient client : clients) {
            Thread t = new Thread(() -> publishLoop(client, perClient, qos, topic, payload), "bench-publisher");
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void publishLoop(MqttAsyncClient client, double rate, int qos, LongFunction<String> topic,
                             LongFunction<String> payload) {
        // Paho queues publishes beyond the broker's receive maximum and runs out of message ids at 65,535 pending:
        // keep at most IN_FLIGHT unacknowledged per client, which is back-pressure from the broker.
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(IN_FLIGHT);
        MqttActionListener release = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                inFlight.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                inFlight.release();
            }
        };
        long intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
        long next = System.nanoTime();
        while (running) {
            if (intervalNanos > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                next += intervalNanos;
            }
            long n = sequence.getAndIncrement();
            byte[] bytes = payload.apply(n).getBytes(StandardCharsets.UTF_8);
            String t = topic.apply(n);
            while (running) {
                try {
                    if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    client.publish(t, bytes, qos, false, null, release);
                    published.incrementAndGet();
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (MqttException e) {
                    inFlight.release();
                    if (e.getReasonCode() != MAX_INFLIGHT) {
                        throw new IllegalStateException("publish failed: " + e.getMessage(), e);
                    }
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                }
            }
        }
    }

    long published() {
        return published.get();
    }

    /** Stops publishing and waits for the threads. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(5_000);
        }
        threads.clear();
    }

    @Override
    public void close() throws Exception {
        stop();
        for (MqttAsyncClient c : clients) {
            try {
                c.disconnect().waitForCompletion(5_000);
            } catch (MqttException e) {
                // best effort: the benchmark is over
            }
            c.close();
        }
    }

}
