package io.twingraph.twins.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;

import io.twingraph.error.TwinGraphException;

/**
 * An MQTT 3.1.1 and 5 broker in this JVM (HiveMQ Community Edition), listening on one TCP port of one address.
 *
 * <p>HiveMQ CE rather than Moquette because devices and TwinGraph speak MQTT 5 (correlation data on commands) and
 * Moquette refuses MQTT 5 clients. Sessions and queues are kept in memory: the broker is a relay, TwinGraph's own
 * stores hold the state. QoS 1 is usable at volume only with a larger in-flight window, receive maximum and queue
 * than HiveMQ's defaults, so all three are raised. Close it to stop it.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final int QUEUE_SIZE = 100_000;
    /** QoS 1 publishes a client may have unacknowledged; HiveMQ's default of 10 caps one connection near 5,000/s. */
    private static final int RECEIVE_MAXIMUM = 1000;
    private final EmbeddedHiveMQ hivemq;
    private final String host;
    private final int port;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, String host, int port) {
        this.hivemq = hivemq;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts a broker.
     *
     * @param host    address to bind, e.g. {@code 127.0.0.1}
     * @param port    TCP port; 0 picks a free one ({@link #port()} tells which)
     * @param workDir a directory for the broker's configuration and scratch files (created if missing)
     */
    public static EmbeddedBroker start(String host, int requestedPort, Path workDir) {
        int port = requestedPort;
        try {
            if (port == 0) {
                // HiveMQ does not report the port it bound, so a free one is chosen here (the usual small race)
                port = freePort(host);
            }
            Path conf = Files.createDirectories(workDir.resolve("conf"));
            Path data = Files.createDirectories(workDir.resolve("data"));
            Path extensions = Files.createDirectories(workDir.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), config(host, port), StandardCharsets.UTF_8);
            InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = 1000;
            InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(0);
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions)
                    .withoutLoggingBootstrap()
                    .build();
            hivemq.start().get(30, TimeUnit.SECONDS);
            return new EmbeddedBroker(hivemq, host, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TwinGraphException("mqtt:broker.unavailable", TwinGraphException.Kind.UNAVAILABLE,
                    "Interrupted while starting the embedded MQTT broker", null, e);
        } catch (Exception e) {
            throw new TwinGraphException("mqtt:broker.unavailable", TwinGraphException.Kind.UNAVAILABLE,
                    "The embedded MQTT broker did not start on " + host + ":" + port + ": " + rootMessage(e),
                    "Is the port already in use? Pick another with --mqtt-port.", e);
        }
    }

    /** The URI clients connect to, e.g. {@code tcp://127.0.0.1:1883}. */
    public String uri() {
        return "tcp://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new TwinGraphException("mqtt:broker.stop", TwinGraphException.Kind.INTERNAL,
                    "The embedded MQTT broker did not stop cleanly: " + rootMessage(e), null, e);
        }
    }

    private static int freePort(String host) throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    private static String config(String host, int port) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener>
                      <port>%d</port>
                      <bind-address>%s</bind-address>
                    </tcp-listener>
                  </listeners>
                  <persistence>
                    <mode>in-memory</mode>
                  </persistence>
                  <mqtt>
                    <queued-messages>
                      <max-queue-size>%d</max-queue-size>
                    </queued-messages>
                    <receive-maximum>
                      <server-receive-maximum>%d</server-receive-maximum>
                    </receive-maximum>
                  </mqtt>
                  <anonymous-usage-statistics>
                    <enabled>false</enabled>
                  </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, host, QUEUE_SIZE, RECEIVE_MAXIMUM);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
