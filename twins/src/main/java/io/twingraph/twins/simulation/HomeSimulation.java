package io.twingraph.twins.simulation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.twins.DeviceProtocol;
import io.twingraph.twins.Topics;

/**
 * Simulated homes full of devices that publish believable telemetry over MQTT and obey commands: the live data
 * behind {@code twingraph demo}, and a load generator when configured with many homes.
 *
 * <p>Typical use: create it, provision {@link #things()} and {@link #topologyTurtle()} into TwinGraph, then
 * {@link #start} it against the broker TwinGraph listens to; {@link #close} stops it. Tests call {@link #step}
 * instead of starting it, which advances the model deterministically without MQTT.
 *
 * <p>Simulated time starts at the injected clock's instant and runs {@link SimulationConfig#speedFactor()} times as
 * fast as that clock; local times of day (schedules, sunrise) are in the clock's zone. The model moves in fixed
 * 10-second steps, so the same seed and the same total time always give the same state, however the time was
 * split. Every device publishes its full state when the simulation starts, then what moved beyond its deadband at
 * each tick, and everything again every {@link SimulationConfig#heartbeat()} (staggered over devices). Commands get
 * an immediate report of the commanded feature. Thread-safe.
 */
public final class HomeSimulation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HomeSimulation.class);
    private static final Duration STEP = Duration.ofSeconds(10);
    /** After a stall (a suspended laptop), catch up at most this much real time in one tick. */
    private static final Duration MAX_CATCH_UP = Duration.ofSeconds(10);

    private final SimulationConfig config;
    private final Clock clock;
    private final ZoneId zone;
    private final Topics topics;
    private final Weather weather;
    private final List<SimulatedHome> homes = new ArrayList<>();
    private final Map<ThingId, Device> devices = new LinkedHashMap<>();
    private final Map<ThingId, TelemetryTracker> trackers = new LinkedHashMap<>();
    private final DeviceMessages messages = new DeviceMessages();
    private final Object lock = new Object();

    private volatile Instant now;
    private Duration pending = Duration.ZERO;
    private Instant lastTick;
    private ScheduledExecutorService scheduler;
    private MqttLink link;
    private boolean closed;

    /** A report to publish, outside the model lock. */
    record Outgoing(Device device, JsonObject report, String correlationId) {
    }

    /**
     * Builds the homes. Nothing runs until {@link #start} or {@link #step}.
     *
     * @param clock real time for the running simulation, and its start instant and zone
     */
    public HomeSimulation(SimulationConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.zone = clock.getZone();
        this.topics = config.topics();
        this.now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Moment start = Moment.of(now, zone);
        this.weather = new Weather(new Random(config.seed()), start);
        for (int i = 1; i <= config.homes(); i++) {
            // one generator per home: adding homes does not change the earlier ones
            Random random = new Random(config.seed() * 1_000_003L + i);
            SimulatedHome home = HomeFactory.build("home" + i, random, weather, start, zone,
                    config.extraDevicesPerHome());
            homes.add(home);
            home.devices().forEach(d -> devices.put(d.thingId(), d));
        }
    }

    /** The twins to provision before starting: attributes per the thing conventions and initial feature values. */
    public List<Thing> things() {
        synchronized (lock) {
            return devices.values().stream().map(Device::toThing).toList();
        }
    }

    /** The homes' buildings, floors, rooms and outdoor areas as Brick Turtle; devices' locations point into it. */
    public String topologyTurtle() {
        return TopologyTurtle.of(homeIds());
    }

    /** {@code home1}, {@code home2}, ...: the namespaces of the thing ids. */
    public List<String> homeIds() {
        return homes.stream().map(h -> h.homeId).toList();
    }

    /** The current simulated time. */
    public Instant now() {
        return now;
    }

    /** A clock showing simulated time, in the zone of the injected clock; for components that should follow it. */
    public Clock simulatedClock() {
        return new SimulatedClock(this::now, zone);
    }

    /**
     * A device's current state as it would report it, {@code {"<featureId>": {"<property>": value}}}; empty for an
     * unknown thing id.
     */
    public Optional<JsonObject> state(String thingId) {
        synchronized (lock) {
            return device(thingId).map(Device::features);
        }
    }

    /**
     * Advances the model by the given simulated time without publishing (tests, warm-up). Telemetry that a running
     * simulation would have sent meanwhile goes out with its next tick.
     */
    public void step(Duration simulated) {
        if (simulated.isNegative()) {
            throw new IllegalArgumentException("cannot step backwards: " + simulated);
        }
        synchronized (lock) {
            advance(simulated);
        }
    }

    /**
     * Connects to the broker, publishes every device's full state, subscribes to the command topics and starts
     * ticking on its own thread.
     *
     * @param brokerUri e.g. {@code tcp://127.0.0.1:1883}
     * @throws io.twingraph.error.TwinGraphException {@code mqtt:broker.unavailable} when the broker cannot be reached
     */
    public void start(String brokerUri) {
        List<Outgoing> initial = new ArrayList<>();
        synchronized (lock) {
            if (closed || scheduler != null) {
                throw new IllegalStateException(closed ? "the simulation was closed" : "the simulation already runs");
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "twingraph-simulation");
                thread.setDaemon(true);
                return thread;
            });
            ScheduledExecutorService executor = scheduler;
            try {
                link = MqttLink.connect(brokerUri, "twingraph-simulation-" + UUID.randomUUID(),
                        topics.commandFilters(),
                        (topic, payload, correlationId) -> executor.execute(() -> onCommand(topic, payload, correlationId)));
            } catch (RuntimeException e) {
                executor.shutdownNow();
                scheduler = null;
                throw e;
            }
            int i = 0;
            for (Device device : devices.values()) {
                // spread heartbeats evenly over the interval so a thousand devices do not report in one burst
                Duration phase = config.heartbeat().multipliedBy(++i).dividedBy(devices.size() + 1);
                TelemetryTracker tracker = new TelemetryTracker(now.plus(phase));
                initial.add(new Outgoing(device, tracker.remember(device.features()), null));
                trackers.put(device.thingId(), tracker);
            }
            lastTick = clock.instant();
        }
        initial.forEach(this::publish);
        long period = Math.max(1, config.tickPeriod().toMillis());
        scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        LOG.info("Simulation of {} home(s), {} devices runs at {}x against {}", homes.size(), devices.size(),
                config.speedFactor(), brokerUri);
    }

    /** Stops ticking and disconnects. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = scheduler;
        }
        if (running != null) {
            running.shutdown();
            try {
                if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
                    running.shutdownNow();
                }
            } catch (InterruptedException e) {
                running.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (link != null) {
            LOG.info("Simulation stopped: {} messages published, {} dropped", link.published(), link.dropped());
            link.close();
        }
    }

    private void tick() {
        try {
            List<Outgoing> outgoing = new ArrayList<>();
            synchronized (lock) {
                Instant real = clock.instant();
                Duration elapsed = Duration.between(lastTick, real);
                lastTick = real;
                if (elapsed.isNegative()) {
                    elapsed = Duration.ZERO;
                } else if (elapsed.compareTo(MAX_CATCH_UP) > 0) {
                    LOG.debug("Simulation fell {} behind; skipping ahead", elapsed);
                    elapsed = MAX_CATCH_UP;
                }
                advance(Duration.ofNanos((long) (elapsed.toNanos() * config.speedFactor())));
                for (Device device : devices.values()) {
                    JsonObject report = trackers.get(device.thingId()).due(device.features(), now, config.heartbeat());
                    if (!report.isEmpty()) {
                        outgoing.add(new Outgoing(device, report, null));
                    }
                }
            }
            outgoing.forEach(this::publish);
        } catch (RuntimeException e) {
            // a failing tick must not end the schedule
            LOG.warn("Simulation tick failed", e);
        }
    }

    /** Moves the model on in fixed steps; the remainder waits for the next call. */
    private void advance(Duration simulated) {
        pending = pending.plus(simulated);
        double dt = STEP.toSeconds();
        while (pending.compareTo(STEP) >= 0) {
            pending = pending.minus(STEP);
            now = now.plus(STEP);
            Moment moment = Moment.of(now, zone);
            weather.step(moment, dt);
            for (SimulatedHome home : homes) {
                home.step(moment, dt);
            }
        }
    }

    /** Runs on the simulation thread: commands and ticks never interleave. */
    private void onCommand(String topic, String payload, String mqttCorrelationId) {
        apply(topic, payload, mqttCorrelationId).ifPresent(this::publish);
    }

    /**
     * Decodes and applies one command, as the device it addresses would. Invalid commands (not decodable, unknown
     * device, wrong protocol, unknown or read-only property, wrong type or range) are ignored with a debug line.
     *
     * @return the report of the commanded features' new state; empty when nothing was accepted
     */
    Optional<Outgoing> apply(String topic, String payload, String mqttCorrelationId) {
        try {
            return decodeAndApply(topic, payload, mqttCorrelationId);
        } catch (RuntimeException e) {
            LOG.debug("Ignored a command on {}: {} ({})", topic, e.getMessage(), payload);
            return Optional.empty();
        }
    }

    private Optional<Outgoing> decodeAndApply(String topic, String payload, String mqttCorrelationId) {
        String thingId = topics.parseCommand(topic)
                .orElseThrow(() -> new IllegalArgumentException("not a command topic"));
        boolean dittoTopic = topic.endsWith("/ditto/command");
        List<DeviceMessages.Desired> values;
        String correlationId = mqttCorrelationId;
        if (dittoTopic) {
            DeviceMessages.DittoCommand command = messages.dittoCommand(payload);
            if (!command.thingId().toString().equals(thingId)) {
                throw new IllegalArgumentException("command for " + command.thingId() + " on the topic of " + thingId);
            }
            values = command.values();
            correlationId = command.correlationId() != null ? command.correlationId() : mqttCorrelationId;
        } else {
            values = messages.plainCommand(payload);
        }
        synchronized (lock) {
            Device device = device(thingId).orElseThrow(() -> new IllegalArgumentException("no such device"));
            boolean speaksDitto = device.info().protocol() == DeviceProtocol.DITTO;
            if (speaksDitto != dittoTopic) {
                throw new IllegalArgumentException("the device speaks " + device.info().protocol()
                        + " and listens on its own command topic only");
            }
            Set<String> touched = new LinkedHashSet<>();
            for (DeviceMessages.Desired value : values) {
                if (device.command(value.feature(), value.property(), value.value())) {
                    touched.add(value.feature());
                } else {
                    LOG.debug("{} ignored {}/{} = {}", thingId, value.feature(), value.property(), value.value());
                }
            }
            if (touched.isEmpty()) {
                return Optional.empty();
            }
            JsonObject report = only(device.features(), touched);
            TelemetryTracker tracker = trackers.get(device.thingId());
            if (tracker != null) {
                tracker.remember(report);
            }
            return Optional.of(new Outgoing(device, report, correlationId));
        }
    }

    private void publish(Outgoing out) {
        MqttLink mqtt = link;
        if (mqtt == null) {
            return;
        }
        ThingId id = out.device().thingId();
        if (out.device().info().protocol() == DeviceProtocol.DITTO) {
            mqtt.publish(topics.ditto(id), messages.dittoTelemetry(id, out.report(), out.correlationId()),
                    out.correlationId());
        } else {
            mqtt.publish(topics.telemetry(id), out.report().toString(), out.correlationId());
        }
    }

    private Optional<Device> device(String thingId) {
        try {
            return Optional.ofNullable(devices.get(ThingId.of(thingId)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static JsonObject only(JsonObject features, Set<String> featureIds) {
        JsonObjectBuilder kept = JsonObject.newBuilder();
        for (var feature : features) {
            if (featureIds.contains(feature.getKey().toString())) {
                kept.set(feature.getKey(), feature.getValue());
            }
        }
        return kept.build();
    }

    /** The homes, for tests in this package. */
    List<SimulatedHome> homes() {
        return Collections.unmodifiableList(homes);
    }

    Weather weather() {
        return weather;
    }

    /** A clock that reads the simulation's current time. */
    private static final class SimulatedClock extends Clock {
        private final Supplier<Instant> time;
        private final ZoneId zone;

        SimulatedClock(Supplier<Instant> time, ZoneId zone) {
            this.time = time;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new SimulatedClock(time, other);
        }

        @Override
        public Instant instant() {
            return time.get();
        }
    }
}
