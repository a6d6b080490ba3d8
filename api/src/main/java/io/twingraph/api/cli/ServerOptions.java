package io.twingraph.api.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.twingraph.api.access.AccessSettings;
import io.twingraph.api.app.AppConfig;
import io.twingraph.nl.llm.LlmSettings;
import io.twingraph.twins.ditto.live.DittoSettings;
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

    @Option(names = "--llm-provider", defaultValue = "${env:TWINGRAPH_LLM_PROVIDER}",
            description = "Language model for sentences the local parser cannot take: 'openai' (any server speaking "
                    + "OpenAI's chat completions) or 'ollama'. Unset (the default): local parsing only, no network.")
    String llmProvider;

    @Option(names = "--llm-url", defaultValue = "${env:TWINGRAPH_LLM_URL}",
            description = "The model server's API root, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434. "
                    + "The API key is read from the environment variable TWINGRAPH_LLM_KEY only (never an option, so "
                    + "it stays out of process lists).")
    String llmUrl;

    @Option(names = "--llm-model", defaultValue = "${env:TWINGRAPH_LLM_MODEL}",
            description = "The model's name, e.g. gpt-4o-mini or qwen2.5:7b.")
    String llmModel;

    @Option(names = "--llm-timeout", defaultValue = "${env:TWINGRAPH_LLM_TIMEOUT:-60s}", converter = DurationOption.class,
            description = "Longest one request to the model may take (default: ${DEFAULT-VALUE}).")
    Duration llmTimeout;

    @Option(names = "--anonymous-read", defaultValue = "${env:TWINGRAPH_ANONYMOUS_READ:-false}",
            description = "Let callers without a token read (GET on reader routes, SPARQL queries by GET). Writes always need a token. Default: ${DEFAULT-VALUE}.")
    boolean anonymousRead;

    @Option(names = "--rate-limit", defaultValue = "${env:TWINGRAPH_RATE_LIMIT:-200}",
            description = "Requests per second per token; more get 429 with Retry-After (default: ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(names = "--twins", defaultValue = "${env:TWINGRAPH_TWINS:-embedded}",
            description = "Where the twins live: 'embedded' (TwinGraph's own store, devices over MQTT; the default) or "
                    + "a live Eclipse Ditto, ditto:https://host[:port][/base]: TwinGraph loads its things, follows its "
                    + "changes and sends device commands through it.")
    String twins;

    @Option(names = "--ditto-user", defaultValue = "${env:TWINGRAPH_DITTO_USER}",
            description = "User for HTTP basic authentication to Ditto; the password from TWINGRAPH_DITTO_PASSWORD.")
    String dittoUser;

    @Option(names = "--ditto-password", defaultValue = "${env:TWINGRAPH_DITTO_PASSWORD}",
            description = "Password of --ditto-user. Prefer the environment variable TWINGRAPH_DITTO_PASSWORD: a "
                    + "command line shows in process lists.")
    String dittoPassword;

    @Option(names = "--ditto-token", defaultValue = "${env:TWINGRAPH_DITTO_TOKEN}",
            description = "Bearer token (JWT) for Ditto, instead of a user. Prefer the environment variable "
                    + "TWINGRAPH_DITTO_TOKEN.")
    String dittoToken;

    @Option(names = "--ditto-namespaces", defaultValue = "${env:TWINGRAPH_DITTO_NAMESPACES}", split = ",",
            description = "Only Ditto things in these namespaces (comma-separated; default: all the user may read).")
    List<String> dittoNamespaces;

    @Option(names = "--ditto-filter", defaultValue = "${env:TWINGRAPH_DITTO_FILTER}",
            description = "RQL filter on Ditto's things, e.g. eq(attributes/site,\"home\").")
    String dittoFilter;

    @Option(names = "--ditto-commands", defaultValue = "${env:TWINGRAPH_DITTO_COMMANDS:-twin}",
            description = "How device commands go through Ditto: twin (PUT on the twin's property), live (the live "
                    + "channel to the device) or message (a live message to the feature's inbox). Default: ${DEFAULT-VALUE}.")
    String dittoCommands;

    @Option(names = "--ditto-truststore", defaultValue = "${env:TWINGRAPH_DITTO_TRUSTSTORE}",
            description = "Trust store (PKCS12 or JKS) for Ditto's TLS certificate; its password from "
                    + "TWINGRAPH_DITTO_TRUSTSTORE_PASSWORD.")
    Path dittoTrustStore;

    AppConfig toConfig() {
        return new AppConfig(data, host, port, mqtt == null || mqtt.isBlank() ? null : mqtt, mqttHost, mqttPort,
                topicPrefix, sparqlTimeout, sparqlMaxRows, null, llm(),
                AccessSettings.DEFAULTS.withAnonymousRead(anonymousRead).withRateLimit(rateLimit), ditto());
    }

    /** The live Ditto to follow, or null for the embedded twins. */
    DittoSettings ditto() {
        if (twins == null || twins.isBlank() || twins.strip().equalsIgnoreCase("embedded")) {
            return null;
        }
        DittoSettings settings = DittoSettings.parse(twins);
        if (dittoToken != null && !dittoToken.isBlank()) {
            settings = settings.withAuth(DittoSettings.Auth.bearer(dittoToken.strip()));
        } else if (dittoUser != null && !dittoUser.isBlank()) {
            settings = settings.withAuth(DittoSettings.Auth.basic(dittoUser.strip(), dittoPassword));
        }
        if (dittoNamespaces != null) {
            settings = settings.withNamespaces(dittoNamespaces.stream().map(String::strip).filter(n -> !n.isEmpty())
                    .toList());
        }
        try {
            settings = settings.withCommandMode(DittoSettings.CommandMode.valueOf(dittoCommands.strip()
                    .toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--ditto-commands must be twin, live or message, got " + dittoCommands);
        }
        if (dittoTrustStore != null) {
            settings = settings.withTrustStore(dittoTrustStore, System.getenv("TWINGRAPH_DITTO_TRUSTSTORE_PASSWORD"));
        }
        return settings.withFilter(dittoFilter);
    }

    /** The model settings, or null when no provider is given; a half-given model is an error naming what is missing. */
    LlmSettings llm() {
        if (llmProvider == null || llmProvider.isBlank()) {
            if (llmUrl != null && !llmUrl.isBlank() || llmModel != null && !llmModel.isBlank()) {
                throw new IllegalArgumentException("--llm-url/--llm-model are given but no --llm-provider: add "
                        + "--llm-provider openai (or ollama).");
            }
            return null;
        }
        return LlmSettings.of(llmProvider, llmUrl, System.getenv("TWINGRAPH_LLM_KEY"), llmModel, llmTimeout, null);
    }
}
