package io.twingraph.api.bench;

import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.api.access.AccessSettings;
import io.twingraph.api.cli.DurationOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code twingraph bench ingest}: drives a TwinGraph over MQTT from many simulated devices and prints
 * <ol>
 * <li>the broker's own figures in the same run: raw publish-to-subscribe throughput and latency;</li>
 * <li>sustained ingestion: events applied to twins and graph per second, publishing as fast as the broker takes it;</li>
 * <li>publish-to-visible-in-SPARQL latency at a fixed load: a probe device publishes a sequence number every few
 * milliseconds while a client polls the value over {@code /sparql};</li>
 * <li>where the writer's time goes (twin store, store commit, graph transaction).</li>
 * </ol>
 * Without {@code --server} it starts a TwinGraph in this JVM on a temporary directory (load generator and server then
 * share the CPUs, as they would on one small machine).
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Measure MQTT ingestion: sustained events/s and publish-to-visible-in-SPARQL latency.")
public final class IngestBenchmark implements Callable<Integer> {
    @Option(names = "--server", description = "Base URL of a running TwinGraph (default: start one in this JVM).")
    String server;

    @Option(names = "--token", defaultValue = "${env:TWINGRAPH_TOKEN}",
            description = "API token for --server (admin or operator; default: the TWINGRAPH_TOKEN environment variable).")
    String token;

    @Option(names = "--mqtt", description = "Broker URI of that TwinGraph (required with --server).")
    String mqtt;

    @Option(names = "--devices", defaultValue = "2000", description = "Simulated devices (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--clients", defaultValue = "4", description = "MQTT client connections publishing (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--qos", defaultValue = "1", description = "MQTT QoS of the load (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--duration", defaultValue = "20s", converter = DurationOption.class,
            description = "Length of each measured phase (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationOption.class,
            description = "Unmeasured start of each phase (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--rates", split = ",", defaultValue = "5000,10000,15000,20000,25000,30000,40000",
            description = "Offered telemetry rates for the throughput phase, stopping at the first not sustained (default: ${DEFAULT-VALUE}).")
    List<Double> rates;

    @Option(names = "--latency-rate", defaultValue = "5000",
            description = "Background events/s during the latency phase (default: ${DEFAULT-VALUE}).")
    double latencyRate;

    @Option(names = "--probe-interval", defaultValue = "10ms", converter = DurationOption.class,
            description = "How often the probe device publishes (default: ${DEFAULT-VALUE}).")
    Duration probeInterval;

    @Spec
    CommandSpec spec;

    private static final String PROBE = "bench:probe";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TwinGraphApp app = null;
        Path tmp = null;
        try {
            if (server == null) {
                tmp = Files.createTempDirectory("twingraph-bench");
                // the load generator is one client: no rate limit
                app = TwinGraphApp.start(AppConfig.defaults(tmp).withPorts(freePort(), freePort())
                        .withAccess(AccessSettings.DEFAULTS.withRateLimit(Integer.MAX_VALUE)), Clock.systemUTC());
                server = app.httpUrl();
                token = app.adminToken();
                mqtt = app.mqttUri();
                out.printf("Started TwinGraph in this JVM on %s (broker %s, data %s)%n", server, mqtt, tmp);
            } else if (mqtt == null) {
                throw new IllegalArgumentException("--mqtt is required with --server");
            }
            out.printf("Machine: %d cores, max heap %d MB; %d devices, %d publishing clients, QoS %d%n%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, devices, clients, qos);
            out.flush();
            run(new ServerClient(server, token), out);
            return 0;
        } finally {
            if (app != null) {
                app.close();
            }
            if (tmp != null) {
                deleteRecursively(tmp);
            }
        }
    }

    private void run(ServerClient client, PrintWriter out) throws Exception {
        List<String> ids = IntStream.range(0, devices).mapToObj(i -> "bench:dev-" + i).toList();
        long t0 = System.nanoTime();
        List<String> all = new ArrayList<>(ids);
        all.add(PROBE);
        client.putThings(all, id -> "{\"attributes\":{\"name\":\"" + id + "\"},\"features\":{\"sensor\":{\"properties\":"
                + "{\"value\":0.0,\"seq\":0}}}}");
        out.printf("Provisioned %d twins over HTTP in %.1f s%n%n", all.size(), (System.nanoTime() - t0) / 1e9);

        out.println("1. Broker alone (raw publish -> subscribe, same broker, same clients)");
        RawResult rawMax = raw(0, out);
        out.printf("   as fast as possible: %,.0f msg/s delivered (%,.0f published/s)%n",
                rawMax.deliveredPerSecond, rawMax.publishedPerSecond);
        RawResult rawAtRate = raw(latencyRate, out);
        out.printf("   at %,.0f msg/s:        %,.0f msg/s delivered, latency %s%n%n", latencyRate,
                rawAtRate.deliveredPerSecond, rawAtRate.latency);
        out.flush();

        out.println("2. Sustained ingestion (telemetry -> twin store -> graph), rising offered rates");
        ingestSteps(client, ids, out);
        out.flush();

        drain(client);
        out.printf("%n3. Publish -> visible in SPARQL, at %,.0f events/s background load%n", latencyRate);
        latency(client, ids, out);
        out.flush();
    }

    private record RawResult(double publishedPerSecond, double deliveredPerSecond, Percentiles latency) {
    }

    /** The broker's own throughput and latency: subscriber and publishers on a topic TwinGraph does not read. */
    private RawResult raw(double rate, PrintWriter out) throws Exception {
        String prefix = "bench-raw-" + System.nanoTime();
        AtomicLong delivered = new AtomicLong();
        LatencyLog log = new LatencyLog();
        MqttAsyncClient sub = new MqttAsyncClient(mqtt, prefix + "-sub", new MemoryPersistence());
        sub.setCallback(new Receiver((topic, message) -> {
            delivered.incrementAndGet();
            String p = new String(message.getPayload(), StandardCharsets.UTF_8);
            log.add(System.nanoTime() - Long.parseLong(p.substring(p.indexOf(':') + 1, p.indexOf(','))));
        }));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(io.twingraph.twins.mqtt.NoDelaySocketFactory.INSTANCE);
        options.setReceiveMaximum(1000);
        sub.connect(options).waitForCompletion(10_000);
        sub.subscribe(prefix + "/+", qos).waitForCompletion(10_000);
        try (LoadPublishers load = new LoadPublishers(mqtt, clients, prefix)) {
            load.start(rate, qos, n -> prefix + "/d" + (n % devices),
                    n -> "{\"t\":" + System.nanoTime() + ",\"v\":" + n + "}");
            Thread.sleep(warmup.toMillis());
            long p0 = load.published();
            long d0 = delivered.get();
            log.startRecording();
            Thread.sleep(duration.toMillis());
            long p1 = load.published();
            long d1 = delivered.get();
            Percentiles latency = log.stopRecording();
            load.stop();
            double secs = duration.toNanos() / 1e9;
            return new RawResult((p1 - p0) / secs, (d1 - d0) / secs, latency);
        } finally {
            sub.disconnect().waitForCompletion(5_000);
            sub.close();
        }
    }

    private static String telemetry(long n) {
        return "{\"sensor\":{\"value\":" + (n % 1000) / 10.0 + ",\"seq\":" + n + "}}";
    }

    /**
     * Offers telemetry at each rate in turn and reports what the server applied. A rate is sustained when the
     * server applied at least 97% of it and its queue did not grow by more than a second's worth of events.
     */
    private void ingestSteps(ServerClient client, List<String> ids, PrintWriter out) throws Exception {
        double sustained = 0;
        for (double rate : rates) {
            try (LoadPublishers load = new LoadPublishers(mqtt, clients, "bench-load")) {
                load.start(rate, qos, n -> "twingraph/" + ids.get((int) (n % ids.size())) + "/telemetry",
                        IngestBenchmark::telemetry);
                Thread.sleep(warmup.toMillis());
                long p0 = load.published();
                JsonNode s0 = client.engineStats();
                long start = System.nanoTime();
                Thread.sleep(duration.toMillis());
                long p1 = load.published();
                JsonNode s1 = client.engineStats();
                double secs = (System.nanoTime() - start) / 1e9;
                load.stop();
                long applied = s1.path("applied").asLong() - s0.path("applied").asLong();
                long batches = s1.path("batches").asLong() - s0.path("batches").asLong();
                long queueGrowth = s1.path("queued").asLong() - s0.path("queued").asLong();
                double published = (p1 - p0) / secs;
                boolean kept = applied / secs >= 0.97 * published && queueGrowth < published;
                out.printf("   offered %,7.0f/s: published %,7.0f/s, applied %,7.0f/s, queue %+,d -> %s%n", rate,
                        published, applied / secs, queueGrowth, kept ? "sustained" : "NOT sustained");
                printWhereTimeGoes(s0, s1, applied, batches, secs, out);
                out.flush();
                if (kept) {
                    sustained = Math.max(sustained, applied / secs);
                }
                drain(client);
                if (!kept) {
                    break;
                }
            }
        }
        out.printf("   => sustained ingestion: %,.0f events/s%n", sustained);
    }

    /** Waits until the server has taken everything the broker still held for it: nothing applied for a second. */
    private static void drain(ServerClient client) throws Exception {
        long start = System.nanoTime();
        long last = -1;
        while (System.nanoTime() - start < 300e9) {
            long applied = client.engineStats().path("applied").asLong();
            if (applied == last && client.engineStats().path("queued").asLong() == 0) {
                return;
            }
            last = applied;
            Thread.sleep(1000);
        }
    }

    private static void printWhereTimeGoes(JsonNode s0, JsonNode s1, long applied, long batches, double secs, PrintWriter out) {
        if (applied == 0 || batches == 0) {
            return;
        }
        double apply = s1.path("applyMicros").asLong() - s0.path("applyMicros").asLong();
        double commit = s1.path("storeCommitMicros").asLong() - s0.path("storeCommitMicros").asLong();
        double graph = s1.path("graphWriteMicros").asLong() - s0.path("graphWriteMicros").asLong();
        double busy = (apply + commit + graph) / 1e6 / secs;
        out.printf("      writer: %,d batches (%.0f events/batch, %.1f ms/batch), busy %.0f%% of the time%n",
                batches, (double) applied / batches, (apply + commit + graph) / batches / 1000, 100 * busy);
        out.printf("      per event: twin store apply %.1f us, store commit %.1f us, graph mirror+commit %.1f us%n",
                apply / applied, commit / applied, graph / applied);
    }

    private void latency(ServerClient client, List<String> ids, PrintWriter out) throws Exception {
        String query = "SELECT ?v WHERE { <https://twingraph.io/thing/" + PROBE
                + "/features/sensor/properties/seq#obs> sosa:hasSimpleResult ?v }";
        Map<Long, Long> publishedAt = new ConcurrentHashMap<>();
        LatencyLog log = new LatencyLog();
        AtomicLong polls = new AtomicLong();
        AtomicLong probeSeq = new AtomicLong(1_000_000_000L);
        long firstProbe = probeSeq.get() + 1;
        MqttAsyncClient probe = new MqttAsyncClient(mqtt, "bench-probe-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions probeOptions = new MqttConnectionOptions();
        probeOptions.setSocketFactory(io.twingraph.twins.mqtt.NoDelaySocketFactory.INSTANCE);
        probe.connect(probeOptions).waitForCompletion(10_000);
        try (LoadPublishers load = new LoadPublishers(mqtt, clients, "bench-bg")) {
            load.start(latencyRate, qos, n -> "twingraph/" + ids.get((int) (n % ids.size())) + "/telemetry", IngestBenchmark::telemetry);
            Thread poller = new Thread(() -> {
                long lastSeen = firstProbe - 1;
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        String v = client.selectOne(query);
                        long now = System.nanoTime();
                        polls.incrementAndGet();
                        long seen = v == null ? 0 : Long.parseLong(v);
                        for (long s = Math.max(lastSeen + 1, firstProbe); s <= seen; s++) {
                            Long at = publishedAt.remove(s);
                            if (at != null) {
                                log.add(now - at);
                            }
                        }
                        lastSeen = Math.max(lastSeen, seen);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        out.println("   poll failed: " + e.getMessage());
                    }
                }
            }, "bench-poller");
            poller.setDaemon(true);
            poller.start();
            long end = System.nanoTime() + warmup.toNanos() + duration.toNanos();
            long recordFrom = System.nanoTime() + warmup.toNanos();
            boolean recording = false;
            long polls0 = 0;
            while (System.nanoTime() < end) {
                if (!recording && System.nanoTime() >= recordFrom) {
                    log.startRecording();
                    polls0 = polls.get();
                    recording = true;
                }
                long seq = probeSeq.incrementAndGet();
                publishedAt.put(seq, System.nanoTime());
                probe.publish("twingraph/" + PROBE + "/telemetry",
                        ("{\"sensor\":{\"seq\":" + seq + "}}").getBytes(StandardCharsets.UTF_8), qos, false);
                Thread.sleep(probeInterval.toMillis());
            }
            Thread.sleep(500);
            Percentiles latency = log.stopRecording();
            long pollCount = polls.get() - polls0;
            poller.interrupt();
            load.stop();
            out.printf("   publish -> visible in SPARQL: %s%n", latency);
            out.printf("   (the poller ran %,.0f SPARQL queries/s, so visibility is known to within ~%.1f ms)%n",
                    pollCount / (duration.toNanos() / 1e9), duration.toNanos() / 1e6 / Math.max(1, pollCount));
        } finally {
            probe.disconnect().waitForCompletion(5_000);
            probe.close();
        }
    }

    /** Collects latencies only between start and stop. */
    private static final class LatencyLog {
        private final List<Long> samples = new ArrayList<>();
        private volatile boolean recording;

        synchronized void add(long nanos) {
            if (recording) {
                samples.add(nanos);
            }
        }

        synchronized void startRecording() {
            samples.clear();
            recording = true;
        }

        synchronized Percentiles stopRecording() {
            recording = false;
            return Percentiles.of(samples.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /** A Paho callback that only handles arriving messages. */
    private record Receiver(java.util.function.BiConsumer<String, MqttMessage> onMessage) implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onMessage.accept(topic, message);
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
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // temporary files; the OS cleans up eventually
        }
    }
}
