package io.twingraph.api.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/** Counts the device commands TwinGraph publishes, by topic and payload, to find any sent twice. */
final class CommandWatcher implements AutoCloseable {
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final AtomicLong lastChange = new AtomicLong(System.nanoTime());
    private MqttClient client;

    void watch(String broker) throws Exception {
        client = new MqttClient(broker, "command-watcher-" + System.nanoTime(), new MemoryPersistence());
        client.connect(new MqttConnectionOptions());
        // Paho 1.2.5's subscribe(String, int, listener) recurses forever: the array form works
        client.subscribe(new MqttSubscription[] {new MqttSubscription("twingraph/+/command", 1)},
                new IMqttMessageListener[] {(topic, message) -> {
                    seen.computeIfAbsent(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8),
                            k -> new AtomicInteger()).incrementAndGet();
                    lastChange.set(System.nanoTime());
                }});
    }

    boolean stableFor(Duration quiet) {
        return System.nanoTime() - lastChange.get() > quiet.toNanos();
    }

    int distinct() {
        return seen.size();
    }

    List<String> repeated() {
        return seen.entrySet().stream().filter(e -> e.getValue().get() > 1).map(e -> e.getKey() + " x" + e.getValue())
                .sorted().toList();
    }

    @Override
    public void close() throws Exception {
        if (client != null && client.isConnected()) {
            client.disconnect();
            client.close();
        }
    }
}
