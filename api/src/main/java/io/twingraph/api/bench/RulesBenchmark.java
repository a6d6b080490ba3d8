package io.twingraph.api.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;
import org.kie.internal.utils.KieHelper;

import io.twingraph.api.app.AppConfig;
import io.twingraph.api.app.TwinGraphApp;
import io.twingraph.api.cli.DurationOption;
import io.twingraph.engine.rules.RuleStats;
import io.twingraph.engine.rules.RuleTester;
import io.twingraph.engine.rules.facts.Device;
import io.twingraph.engine.rules.facts.Reading;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How fast rules decide, three ways on the same generated rules and events: plain Drools (insert + fire on a bare
 * session, nothing else), TwinGraph's rule session alone (facts, firings turned into decisions, no I/O), and the whole
 * pipeline in this JVM (MQTT telemetry -> twin store -> graph -> rules -> decision recorded -> command on MQTT),
 * where it also measures event-to-command latency at a fixed offered rate.
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Measure rules: events/s beside plain Drools, and event-to-command latency through the whole pipeline.")
public final class RulesBenchmark implements Callable<Integer> {
    @Option(names = "--rules", defaultValue = "200", description = "Active rules (default: ${DEFAULT-VALUE}).")
    int rules;

    @Option(names = "--sensors", defaultValue = "1000", description = "Sensors publishing; the first --rules have a rule each (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--events", defaultValue = "200000", description = "Events for the in-memory runs (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--rate", defaultValue = "5000", description = "Offered events/s for the latency run (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--duration", defaultValue = "20s", converter = DurationOption.class,
            description = "Length of each pipeline run (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--clients", defaultValue = "4", description = "MQTT publishing connections (default: ${DEFAULT-VALUE}).")
    int clients;

    @Spec
    CommandSpec spec;

    /** A triggering event's value: one event in twenty for a sensor with a rule sends a command. */
    private static final double TRIGGER = 95;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (rules < 1 || sensors < rules) {
            throw new IllegalArgumentException("--sensors must be at least --rules, and --rules at least 1");
        }
        out.printf("Machine: %d cores, max heap %d MB; %d rules, %d sensors (%d with a rule), %d actuators%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, rules, sensors, rules, rules);

        long[][] load = events(events, 11);
        double plain = plainDrools(load);
        double session = ruleSession(load);
        out.printf("1. Rules in memory, %,d events (device update + reading each), best of 3%n", events);
        out.printf("   plain Drools (insert + fire, bare session)      %,10.0f events/s%n", plain);
        out.printf("   TwinGraph rule session (facts, decisions, no I/O) %,8.0f events/s  (%.2fx plain)%n%n", session, session / plain);
        out.flush();

        Path dir = Files.createTempDirectory("twingraph-bench-rules");
        AppConfig config = AppConfig.defaults(dir.resolve("data")).withPorts(0, 0);
        try (TwinGraphApp app = TwinGraphApp.start(config, Clock.systemUTC())) {
            provision(app);
            app.rules().put("bench", drl(false));
            out.printf("2. Whole pipeline in this JVM: MQTT -> twins -> graph -> %d rules -> decision -> command on MQTT%n", rules);
            pipeline(app, 0, out, "as fast as it goes");
            pipeline(app, rate, out, String.format("offered %,d events/s", rate));
        }
        return 0;
    }

    private void pipeline(TwinGraphApp app, int offered, PrintWriter out, String label) throws Exception {
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) Math.max(offered, 60_000) * duration.toSeconds() * 2 + 1);
        long[] sentAt = new long[capacity];
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        MqttClient watcher = new MqttClient(app.mqttUri(), "bench-watcher-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(io.twingraph.twins.mqtt.NoDelaySocketFactory.INSTANCE);
        watcher.connect(options);
        AtomicInteger commands = new AtomicInteger();
        // Paho 1.2.5's subscribe(String, int, listener) recurses forever: the array form works
        watcher.subscribe(new MqttSubscription[] {new MqttSubscription("twingraph/+/command", 0)},
                new IMqttMessageListener[] {(topic, message) -> {
                    long now = System.nanoTime();
                    String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
                    int at = payload.indexOf("\"seq\":");
                    if (at >= 0) {
                        int end = at + 6;
                        while (end < payload.length() && (Character.isDigit(payload.charAt(end)) || payload.charAt(end) == '.')) {
                            end++;
                        }
                        int seq = (int) Double.parseDouble(payload.substring(at + 6, end));
                        if (seq >= 0 && seq < sentAt.length && sentAt[seq] != 0) {
                            latencies.add(now - sentAt[seq]);
                        }
                    }
                    commands.incrementAndGet();
                }});
        RuleStats before = app.rules().stats();
        long appliedBefore = app.engine().stats().applied();
        SplittableRandom random = new SplittableRandom(5);
        try (LoadPublishers publishers = new LoadPublishers(app.mqttUri(), clients, "bench-rules")) {
            long started = System.nanoTime();
            publishers.start(offered, 1, n -> "twingraph/bench:s" + (n % sensors) + "/telemetry", n -> {
                int seq = (int) n;
                double value;
                synchronized (random) {
                    value = Math.floor(random.nextDouble() * 1000) / 10;
                }
                if (seq < sentAt.length) {
                    sentAt[seq] = System.nanoTime();
                }
                return "{\"env\":{\"value\":" + value + ",\"seq\":" + seq + "}}";
            });
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
            publishers.stop();
            long published = publishers.published();
            // let the writer and the rules catch up: done when the rules have seen everything the writer applied
            // and the writer has applied nothing new for a second (QoS 1 messages the broker dropped never arrive)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long lastApplied = -1;
            long caughtUpAt = System.nanoTime();
            while (System.nanoTime() < deadline) {
                long applied = app.engine().stats().applied() - appliedBefore;
                long seen = app.rules().stats().events() - before.events();
                if (applied != lastApplied || seen < applied) {
                    lastApplied = applied;
                    caughtUpAt = System.nanoTime();
                } else if (System.nanoTime() - caughtUpAt > TimeUnit.SECONDS.toNanos(1)) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            double seconds = (caughtUpAt - started) / 1e9;
            RuleStats after = app.rules().stats();
            long evaluated = after.events() - before.events();
            out.printf("   %s: published %,d in %.1f s; rules evaluated %,d events in %.1f s = %,.0f events/s end to end%n",
                    label, published, duration.toMillis() / 1000.0, evaluated, seconds, evaluated / seconds);
            out.printf("      firings %,d, decisions %,d, commands seen on MQTT %,d; rules thread busy %.0f%% (%.1f us/event)%n",
                    after.firings() - before.firings(), after.decisions() - before.decisions(), commands.get(),
                    100.0 * (after.busyMicros() - before.busyMicros()) / 1e6 / seconds,
                    (after.busyMicros() - before.busyMicros()) / (double) Math.max(1, evaluated));
            long[] l;
            synchronized (latencies) {
                l = latencies.stream().mapToLong(Long::longValue).toArray();
            }
            if (offered > 0) {
                out.printf("      event -> command on MQTT: %s%n", Percentiles.of(l));
            }
            out.flush();
        } finally {
            watcher.disconnect();
            watcher.close();
        }
    }

    private void provision(TwinGraphApp app) {
        List<Thing> things = new ArrayList<>();
        for (int i = 0; i < sensors; i++) {
            things.add(ThingsModelFactory.newThing("{\"thingId\":\"bench:s" + i + "\",\"attributes\":{\"class\":\"saref:Sensor\"},"
                    + "\"features\":{\"env\":{\"properties\":{\"value\":0.0,\"seq\":0}}}}"));
        }
        for (int i = 0; i < rules; i++) {
            things.add(ThingsModelFactory.newThing("{\"thingId\":\"bench:a" + i + "\",\"attributes\":{\"class\":\"saref:Actuator\"},"
                    + "\"features\":{\"out\":{\"properties\":{\"seq\":0}}}}"));
        }
        app.engine().provision(things);
    }

    /**
     * The generated rules: rule k commands actuator k with the event's sequence number when sensor k reads >= 95. They
     * match readings, not device state, so every triggering event fires once however events are batched.
     */
    private String drl(boolean plain) {
        StringBuilder drl = new StringBuilder("package bench;\nimport io.twingraph.engine.rules.facts.*;\n");
        drl.append(plain ? "global java.util.List out;\n" : "global io.twingraph.engine.rules.Actions act;\n");
        for (int k = 0; k < rules; k++) {
            drl.append("rule \"r").append(k).append("\"\nwhen\n")
                    .append("  $v : Reading(device == \"bench:s").append(k).append("\", key == \"env/value\", number >= ").append(TRIGGER).append(")\n")
                    .append("  Reading(device == \"bench:s").append(k).append("\", key == \"env/seq\", time == $v.time, $seq : number)\n")
                    .append("  $a : Device(id == \"bench:a").append(k).append("\")\n")
                    .append("then\n")
                    .append(plain ? "  out.add($seq);\n" : "  act.command($a, \"out/seq\", (long) $seq, \"sensor " + k + " reads high\");\n")
                    .append("end\n");
        }
        return drl.toString();
    }

    /** Events as (sensor, value*10, seq) triples, the same for every in-memory run. */
    private long[][] events(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[][] e = new long[n][];
        for (int i = 0; i < n; i++) {
            e[i] = new long[] {random.nextInt(sensors), random.nextInt(1000), i};
        }
        return e;
    }

    private Device sensor(long index, double value, long seq) {
        return new Device("bench:s" + index, "https://twingraph.io/thing/bench:s" + index, "Sensor", "bench:s" + index,
                "", "", "", "", Map.of("env/value", value, "env/seq", seq), seq + 1);
    }

    private double plainDrools(long[][] load) {
        KieHelper helper = new KieHelper();
        helper.addContent(drl(true), ResourceType.DRL);
        KieBase base = helper.build(EventProcessingOption.STREAM);
        double best = 0;
        for (int run = 0; run < 3; run++) {
            KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
            conf.setOption(ClockTypeOption.PSEUDO);
            KieSession session = base.newKieSession(conf, null);
            List<Object> fired = new ArrayList<>();
            session.setGlobal("out", fired);
            SessionPseudoClock clock = session.getSessionClock();
            Map<Long, FactHandle> handles = new HashMap<>();
            for (int i = 0; i < rules; i++) {
                session.insert(new Device("bench:a" + i, "", "Actuator", "", "", "", "", "", Map.of(), 1));
            }
            long t0 = System.nanoTime();
            long start = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
            for (long[] e : load) {
                long time = start + e[2];
                clock.advanceTime(1, TimeUnit.MILLISECONDS);
                Device d = sensor(e[0], e[1] / 10.0, e[2]);
                FactHandle h = handles.get(e[0]);
                if (h == null) {
                    handles.put(e[0], session.insert(d));
                } else {
                    session.update(h, d);
                }
                session.insert(Reading.of(d.id(), "Sensor", "", "env/value", e[1] / 10.0, Instant.ofEpochMilli(time)));
                session.insert(Reading.of(d.id(), "Sensor", "", "env/seq", e[2], Instant.ofEpochMilli(time)));
                session.fireAllRules();
            }
            best = Math.max(best, load.length / ((System.nanoTime() - t0) / 1e9));
            session.dispose();
        }
        return best;
    }

    private double ruleSession(long[][] load) {
        double best = 0;
        String drl = drl(false);
        for (int run = 0; run < 3; run++) {
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            try (RuleTester tester = RuleTester.of(drl, start, Integer.MAX_VALUE)) {
                for (int i = 0; i < rules; i++) {
                    tester.device(new Device("bench:a" + i, "", "Actuator", "", "", "", "", "", Map.of(), 1));
                }
                long t0 = System.nanoTime();
                for (long[] e : load) {
                    Instant time = start.plusMillis(e[2] + 1);
                    Device d = sensor(e[0], e[1] / 10.0, e[2]);
                    tester.device(d).reading(d, "env/value", e[1] / 10.0, time).reading(d, "env/seq", e[2], time);
                    tester.fire();
                }
                best = Math.max(best, load.length / ((System.nanoTime() - t0) / 1e9));
            }
        }
        return best;
    }
}
