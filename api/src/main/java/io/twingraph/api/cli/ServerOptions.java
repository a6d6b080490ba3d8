package io.twingraph.api.cli;

import java.nio.file.Path;
import java.time.Duration;

import io.twingraph.api.app.AppConfig;
import picocli.CommandLine.Option;

/**
 * Options shared by {@code serve} and {@code demo}. Every option can also come from an environment variable
 * ({@code TWINGRAPH_DATA}, {@code TWINGRAPH_PORT}, {@code TWINGRAPH_MQTT}...), which is how containers configure it.
 */
final class ServerOptions {
    @Option(names = "--data", defaultValue = "${env:TWINGRAPH_DATA:-data}",
            description = "Data directory: twins, knowledge graph, dead letters (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--host", defaultValue = "${env:TWINGRAPH_HOST:-127.0.0.1}",
            description = "Address the HTTP server listens on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--port", defaultValue = "${env:TWINGRAPH_PORT:-8080}",
            description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--mqtt", defaultValue = "${env:TWINGRAPH_MQTT}",
            description = "URI of an external MQTT broker, e.g. tcp://broker:1883. Without it TwinGraph runs its own.")
    String mqtt;

    @Option(names = "--mqtt-host", defaultValue = "${env:TWINGRAPH_MQTT_HOST:-127.0.0.1}",
            description = "Address the embedded MQTT broker listens on (default: ${DEFAULT-VALUE}).")
    String mqttHost;

    @Option(names = "--mqtt-port", defaultValue = "${env:TWINGRAPH_MQTT_PORT:-1883}",
            description = "Port of the embedded MQTT broker (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int mqttPort;

    @Option(names = "--mqtt-topic-prefix", defaultValue = "${env:TWINGRAPH_TOPIC_PREFIX:-twingraph}",
            description = "First level of every MQTT topic (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--sparql-timeout", defaultValue = "${env:TWINGRAPH_SPARQL_TIMEOUT:-30s}", converter = DurationOption.class,
            description = "Longest a SPARQL query may run, e.g. 30s or 500ms (default: ${DEFAULT-VALUE}).")
    Duration sparqlTimeout;

    @Option(names = "--sparql-max-rows", defaultValue = "${env:TWINGRAPH_SPARQL_MAX_ROWS:-1000000}",
            description = "Most rows or triples one SPARQL result may have (default: ${DEFAULT-VALUE}).")
    long sparqlMaxRows;

    AppConfig toConfig() {
        return new AppConfig(data, host, port, mqtt == null || mqtt.isBlank() ? null : mqtt, mqttHost, mqttPort,
                topicPrefix, sparqlTimeout, sparqlMaxRows, null);
    }
}
