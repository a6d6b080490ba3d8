package io.twingraph.twins.simulation;

import java.time.Duration;
import java.util.Objects;

import io.twingraph.twins.Topics;

/**
 * How big and how fast the simulation runs.
 *
 * @param homes               number of homes ({@code home1}, {@code home2}, ...), at least 1; each has 53 devices
 * @param extraDevicesPerHome additional plugs and climate sensors per home, to reach load-test sizes
 * @param seed                seeds every random draw: the same seed and the same steps give the same homes
 * @param speedFactor         simulated seconds per real second (1 = real time, 60 = an hour a minute)
 * @param tickPeriod          real time between two ticks of the running simulation (each tick advances the model
 *                            and publishes)
 * @param heartbeat           simulated time after which a device reports all its properties even if nothing changed
 * @param topics              the MQTT topic layout (prefix)
 */
public record SimulationConfig(int homes, int extraDevicesPerHome, long seed, double speedFactor,
                               Duration tickPeriod, Duration heartbeat, Topics topics) {

    /** Devices every home has before extras. */
    public static final int DEVICES_PER_HOME = 53;

    public SimulationConfig {
        if (homes < 1) {
            throw new IllegalArgumentException("at least one home, got " + homes);
        }
        if (extraDevicesPerHome < 0) {
            throw new IllegalArgumentException("extraDevicesPerHome must not be negative, got " + extraDevicesPerHome);
        }
        if (!(speedFactor > 0) || Double.isInfinite(speedFactor)) {
            throw new IllegalArgumentException("speedFactor must be positive, got " + speedFactor);
        }
        Objects.requireNonNull(tickPeriod, "tickPeriod");
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(topics, "topics");
        if (tickPeriod.isNegative() || tickPeriod.toMillis() < 1) {
            throw new IllegalArgumentException("tickPeriod must be at least 1 ms, got " + tickPeriod);
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be positive, got " + heartbeat);
        }
    }

    /** One home, real time, a tick a second, a heartbeat every 5 simulated minutes, seed 42. */
    public static SimulationConfig defaults() {
        return new SimulationConfig(1, 0, 42, 1.0, Duration.ofSeconds(1), Duration.ofMinutes(5), Topics.defaults());
    }

    /** How many devices (and twins) the simulation has. */
    public int deviceCount() {
        return homes * (DEVICES_PER_HOME + extraDevicesPerHome);
    }

    public SimulationConfig withHomes(int n) {
        return new SimulationConfig(n, extraDevicesPerHome, seed, speedFactor, tickPeriod, heartbeat, topics);
    }

    public SimulationConfig withExtraDevicesPerHome(int n) {
        return new SimulationConfig(homes, n, seed, speedFactor, tickPeriod, heartbeat, topics);
    }

    public SimulationConfig withSeed(long s) {
        return new SimulationConfig(homes, extraDevicesPerHome, s, speedFactor, tickPeriod, heartbeat, topics);
    }

    public SimulationConfig withSpeedFactor(double factor) {
        return new SimulationConfig(homes, extraDevicesPerHome, seed, factor, tickPeriod, heartbeat, topics);
    }

    public SimulationConfig withTickPeriod(Duration period) {
        return new SimulationConfig(homes, extraDevicesPerHome, seed, speedFactor, period, heartbeat, topics);
    }

    public SimulationConfig withHeartbeat(Duration interval) {
        return new SimulationConfig(homes, extraDevicesPerHome, seed, speedFactor, tickPeriod, interval, topics);
    }

    public SimulationConfig withTopics(Topics t) {
        return new SimulationConfig(homes, extraDevicesPerHome, seed, speedFactor, tickPeriod, heartbeat, t);
    }
}
