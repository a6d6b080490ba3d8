package io.twingraph.twins;

import java.util.Objects;
import java.util.Optional;

import org.eclipse.ditto.things.model.ThingId;

/**
 * The MQTT topics between devices and TwinGraph, all under one prefix (default {@code twingraph}):
 *
 * <table>
 * <caption>topics</caption>
 * <tr><th>topic</th><th>direction</th><th>payload</th></tr>
 * <tr><td>{@code {prefix}/{thingId}/telemetry}</td><td>device to TwinGraph</td><td>plain JSON
 * {@code {"<featureId>": {"<property>": value}}}, merged into the twin's feature properties</td></tr>
 * <tr><td>{@code {prefix}/{thingId}/ditto}</td><td>device to TwinGraph</td><td>a Ditto Protocol message (a twin
 * command: create, modify, merge or delete)</td></tr>
 * <tr><td>{@code {prefix}/{thingId}/command}</td><td>TwinGraph to device</td><td>plain JSON, same shape as
 * telemetry: the desired values; MQTT 5 correlation data carries the correlation id</td></tr>
 * <tr><td>{@code {prefix}/{thingId}/ditto/command}</td><td>TwinGraph to device</td><td>a Ditto Protocol live
 * command ({@code things/live/commands/modify} or {@code merge})</td></tr>
 * </table>
 *
 * <p>A thing id is {@code namespace:name} and appears verbatim as one topic level; ids with MQTT wildcards
 * ({@code +}, {@code #}) cannot be used over MQTT.
 */
public record Topics(String prefix) {

    public static final String DEFAULT_PREFIX = "twingraph";
    static final String TELEMETRY = "telemetry";
    static final String DITTO = "ditto";
    static final String COMMAND = "command";

    /** What a device sent, told apart by its topic. */
    public enum Kind {
        TELEMETRY, DITTO
    }

    /** The thing and the kind of an inbound topic. */
    public record Inbound(String thingId, Kind kind) {
    }

    public Topics {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty() || prefix.contains("+") || prefix.contains("#") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("MQTT topic prefix must be non-empty, without wildcards and without a trailing '/': " + prefix);
        }
    }

    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String telemetry(ThingId thingId) {
        return prefix + "/" + thingId + "/" + TELEMETRY;
    }

    public String ditto(ThingId thingId) {
        return prefix + "/" + thingId + "/" + DITTO;
    }

    public String command(ThingId thingId) {
        return prefix + "/" + thingId + "/" + COMMAND;
    }

    public String dittoCommand(ThingId thingId) {
        return prefix + "/" + thingId + "/" + DITTO + "/" + COMMAND;
    }

    /** Filters TwinGraph subscribes to. */
    public String[] inboundFilters() {
        return new String[] {prefix + "/+/" + TELEMETRY, prefix + "/+/" + DITTO};
    }

    /** Filters a device (or the simulator) subscribes to, for all things. */
    public String[] commandFilters() {
        return new String[] {prefix + "/+/" + COMMAND, prefix + "/+/" + DITTO + "/" + COMMAND};
    }

    /** Classifies an inbound topic; empty when the topic is not one of ours. The thing id is not validated here. */
    public Optional<Inbound> parseInbound(String topic) {
        return parse(topic, TELEMETRY).map(id -> new Inbound(id, Kind.TELEMETRY))
                .or(() -> parse(topic, DITTO).map(id -> new Inbound(id, Kind.DITTO)));
    }

    /** The thing id of a plain or Ditto command topic; empty when the topic is not a command topic. */
    public Optional<String> parseCommand(String topic) {
        return parse(topic, DITTO + "/" + COMMAND).or(() -> parse(topic, COMMAND));
    }

    private Optional<String> parse(String topic, String suffix) {
        String head = prefix + "/";
        String tail = "/" + suffix;
        if (!topic.startsWith(head) || !topic.endsWith(tail) || topic.length() <= head.length() + tail.length()) {
            return Optional.empty();
        }
        String id = topic.substring(head.length(), topic.length() - tail.length());
        return id.contains("/") ? Optional.empty() : Optional.of(id);
    }
}
