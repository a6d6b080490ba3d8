package io.twingraph.api.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import io.twingraph.api.access.AccessSettings;
import io.twingraph.nl.llm.LlmSettings;
import io.twingraph.twins.ditto.live.DittoSettings;

/**
 * Everything a running TwinGraph needs to know, with the defaults of {@code twingraph serve}.
 *
 * @param dataDir        where twins, graph and dead letters live
 * @param httpHost       address of the HTTP server
 * @param httpPort       port of the HTTP server (0 picks a free one)
 * @param externalMqtt   URI of an external broker ({@code tcp://host:port}); null starts the embedded broker
 * @param mqttHost       address of the embedded broker
 * @param mqttPort       port of the embedded broker (0 picks a free one)
 * @param topicPrefix    first level of every MQTT topic
 * @param sparqlTimeout  longest a SPARQL query may run
 * @param sparqlMaxRows  most rows (or triples) a SPARQL result may have
 * @param simulation     the simulated homes to run, or null for none
 * @param llm            the language model for sentences the local parser cannot take, or null for local only
 * @param access         tokens, rate limits and per-role limits of the HTTP API
 * @param twins          the live Ditto the twins come from ({@code --twins ditto:...}); null for TwinGraph's embedded
 *                       twin store with devices over MQTT
 */
public record AppConfig(Path dataDir, String httpHost, int httpPort, String externalMqtt, String mqttHost, int mqttPort,
                        String topicPrefix, Duration sparqlTimeout, long sparqlMaxRows, Simulation simulation,
                        LlmSettings llm, AccessSettings access, DittoSettings twins) {

    /** The simulator's scale and pace. */
    public record Simulation(int homes, int extraDevicesPerHome, double speed, long seed) {
        public Simulation {
            if (homes < 1) {
                throw new IllegalArgumentException("--homes must be at least 1, got " + homes);
            }
            if (extraDevicesPerHome < 0) {
                throw new IllegalArgumentException("--extra-devices must not be negative, got " + extraDevicesPerHome);
            }
            if (!(speed > 0)) {
                throw new IllegalArgumentException("--speed must be positive, got " + speed);
            }
        }
    }

    public AppConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(mqttHost, "mqttHost");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(sparqlTimeout, "sparqlTimeout");
        Objects.requireNonNull(access, "access");
        checkPort("--port", httpPort);
        checkPort("--mqtt-port", mqttPort);
        if (sparqlTimeout.isNegative() || sparqlTimeout.isZero()) {
            throw new IllegalArgumentException("--sparql-timeout must be positive, got " + sparqlTimeout);
        }
        if (sparqlMaxRows < 1) {
            throw new IllegalArgumentException("--sparql-max-rows must be positive, got " + sparqlMaxRows);
        }
        if (twins != null && simulation != null) {
            throw new IllegalArgumentException("The simulated homes publish to TwinGraph's own twins; they cannot run "
                    + "with --twins ditto:");
        }
    }

    /** Defaults: ./data, HTTP on 127.0.0.1:8080, embedded broker on 127.0.0.1:1883, no simulation. */
    public static AppConfig defaults(Path dataDir) {
        return new AppConfig(dataDir, "127.0.0.1", 8080, null, "127.0.0.1", 1883, "twingraph",
                Duration.ofSeconds(30), 1_000_000, null, null, AccessSettings.DEFAULTS, null);
    }

    public AppConfig withPorts(int http, int mqtt) {
        return new AppConfig(dataDir, httpHost, http, externalMqtt, mqttHost, mqtt, topicPrefix, sparqlTimeout,
                sparqlMaxRows, simulation, llm, access, twins);
    }

    public AppConfig withExternalMqtt(String uri) {
        return new AppConfig(dataDir, httpHost, httpPort, uri, mqttHost, mqttPort, topicPrefix, sparqlTimeout,
                sparqlMaxRows, simulation, llm, access, twins);
    }

    public AppConfig withSimulation(Simulation sim) {
        return new AppConfig(dataDir, httpHost, httpPort, externalMqtt, mqttHost, mqttPort, topicPrefix, sparqlTimeout,
                sparqlMaxRows, sim, llm, access, twins);
    }

    /** With a language model for sentences the local parser cannot take; null for none. */
    public AppConfig withLlm(LlmSettings settings) {
        return new AppConfig(dataDir, httpHost, httpPort, externalMqtt, mqttHost, mqttPort, topicPrefix, sparqlTimeout,
                sparqlMaxRows, simulation, settings, access, twins);
    }

    /** With other access settings (anonymous reads, rate limits). */
    public AppConfig withAccess(AccessSettings settings) {
        return new AppConfig(dataDir, httpHost, httpPort, externalMqtt, mqttHost, mqttPort, topicPrefix, sparqlTimeout,
                sparqlMaxRows, simulation, llm, settings, twins);
    }

    /** With the twins of a live Ditto (null: the embedded twin store). */
    public AppConfig withTwins(DittoSettings ditto) {
        return new AppConfig(dataDir, httpHost, httpPort, externalMqtt, mqttHost, mqttPort, topicPrefix, sparqlTimeout,
                sparqlMaxRows, simulation, llm, access, ditto);
    }

    private static void checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " must be between 0 and 65535, got " + port);
        }
    }
}
