package io.twingraph.twins.ditto;

import org.eclipse.ditto.base.model.entity.id.RegexPatterns;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.base.model.signals.commands.Command;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonKey;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.protocol.Adaptable;
import org.eclipse.ditto.protocol.JsonifiableAdaptable;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.TopicPath;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.eclipse.ditto.things.model.signals.commands.modify.ModifyFeatureProperty;
import org.eclipse.ditto.things.model.signals.commands.modify.ThingModifyCommand;

import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.CommandValues;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.TwinCommand;

/**
 * Ditto Protocol messages to and from Ditto's own signals, with {@code ditto-protocol}'s adapter doing the work, and
 * the translation between Ditto's twin-modifying commands and TwinGraph's {@link TwinCommand}s. Thread-safe.
 */
public final class DittoProtocolCodec {
    private final DittoProtocolAdapter adapter = DittoProtocolAdapter.newInstance();

    /** A parsed message: the protocol envelope and the Ditto signal it carries. */
    public record Decoded(Adaptable adaptable, Signal<?> signal) {
        public TopicPath.Channel channel() {
            return adaptable.getTopicPath().getChannel();
        }
    }

    /**
     * Parses one Ditto Protocol message.
     *
     * @throws TwinGraphException {@code twins:payload.malformed} when it is not JSON or not a valid Ditto Protocol
     *                            message
     */
    public Decoded decode(String json) {
        JsonObject object;
        try {
            JsonValue value = JsonFactory.readFrom(json);
            if (!value.isObject()) {
                throw malformed("a Ditto Protocol message is a JSON object");
            }
            object = value.asObject();
        } catch (RuntimeException e) {
            if (e instanceof TwinGraphException t) {
                throw t;
            }
            throw malformed("not JSON: " + e.getMessage());
        }
        object.getValue("headers").filter(JsonValue::isObject).ifPresent(h -> requireWritableHeaderNames(h.asObject()));
        try {
            JsonifiableAdaptable adaptable = ProtocolFactory.jsonifiableAdaptableFromJson(object);
            requireDittoNamespace(adaptable.getTopicPath());
            requireNoTilde(adaptable.getPayload().getPath());
            if (!adaptable.getPayload().getValue().map(CommandValues::finite).orElse(true)) {
                throw malformed("a number in the value is too large for a double (it would be stored as Infinity, "
                        + "which is not JSON)");
            }
            return new Decoded(adaptable, adapter.fromAdaptable(adaptable));
        } catch (DittoRuntimeException e) {
            throw malformed(e.getErrorCode() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw malformed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Ditto reads any header name but writes headers back through a JSON builder that takes a name starting with '/'
     * for a path: such a message decodes, and then cannot be encoded again (found by fuzzing; {@code "//x"} throws,
     * {@code "/x"} comes back as a nested object).
     */
    private static void requireWritableHeaderNames(JsonObject headers) {
        for (var header : headers) {
            if (header.getKey().toString().startsWith("/")) {
                throw malformed("the header name " + JsonValue.of(header.getKey().toString()) + " starts with '/'");
            }
        }
    }

    /**
     * Ditto's adapter takes the topic's namespace as it is: {@code "a:b/lamp/things/..."} became thing {@code a:b:lamp},
     * whose namespace read back from its id is {@code a} (found by fuzzing: the same message re-encoded was another
     * command). {@code _} stands for "any" in topics such as search.
     */
    private static void requireDittoNamespace(TopicPath topic) {
        String namespace = topic.getNamespace();
        if (!"_".equals(namespace) && !RegexPatterns.NAMESPACE_PATTERN.matcher(namespace).matches()) {
            throw malformed("the topic's namespace " + JsonValue.of(namespace) + " is not a Ditto namespace");
        }
    }

    /**
     * Ditto reads a path's {@code ~} literally ({@code "/attributes/a~0b"} is key {@code a~0b}) but writes {@code ~}
     * as {@code ~0}, so such a path names another key each time the message is written again (found by fuzzing).
     */
    private static void requireNoTilde(JsonPointer path) {
        for (JsonKey key : path) {
            if (key.toString().indexOf('~') >= 0) {
                throw malformed("the path key " + JsonValue.of(key.toString()) + " has a '~', which Ditto does not read "
                        + "back as it writes it");
            }
        }
    }

    /** Writes a signal as a Ditto Protocol message on the given channel. */
    public String encode(Signal<?> signal, TopicPath.Channel channel) {
        return ProtocolFactory.wrapAsJsonifiableAdaptable(adapter.toAdaptable(signal, channel)).toJsonString();
    }

    /**
     * The twin command a Ditto twin-modifying command stands for.
     *
     * @throws TwinGraphException {@code twins:ditto.unsupported} for anything else (queries, policies, live messages)
     */
    public TwinCommand toTwinCommand(Decoded decoded, TwinCommand.Origin origin) {
        Signal<?> signal = decoded.signal();
        if (decoded.channel() != TopicPath.Channel.TWIN || !(signal instanceof ThingModifyCommand<?> command)) {
            throw new TwinGraphException("twins:ditto.unsupported", TwinGraphException.Kind.INVALID,
                    "Unsupported Ditto Protocol message '" + decoded.adaptable().getTopicPath().getPath()
                            + "': only twin commands (create, modify, merge, delete) change twins.",
                    "Send things/twin/commands/create|modify|merge|delete messages.");
        }
        ThingId thingId = command.getEntityId();
        String correlationId = signal.getDittoHeaders().getCorrelationId().orElseGet(TwinCommand::newCorrelationId);
        var path = command.getResourcePath();
        JsonValue entity = command.getEntity(JsonSchemaVersion.V_2).orElse(null);
        Command.Category category = command.getCategory();
        switch (category) {
            case CREATE:
                return new TwinCommand.Create(thingId, ThingsModelFactory.newThing(entity.asObject()), origin, correlationId);
            case MERGE:
                return new TwinCommand.Merge(thingId, path, ((MergeThing) command).getValue(), origin, correlationId);
            case DELETE:
                return new TwinCommand.Delete(thingId, path, origin, correlationId);
            default:
                return new TwinCommand.Modify(thingId, path, entity, origin, correlationId);
        }
    }

    /**
     * A Ditto Protocol live command ({@code things/live/commands/modify}) asking a device to set a property.
     *
     * @throws TwinGraphException {@value CommandValues#INVALID} for a value JSON cannot write, or a path with a '~'
     *                            (Ditto would write it as '~0' and read that back as another key)
     */
    public String liveCommand(DeviceCommand command) {
        CommandValues.requireFinite(command);
        for (JsonKey key : command.path()) {
            if (key.toString().indexOf('~') >= 0) {
                throw CommandValues.invalid("the property path " + command.path() + " has a '~'");
            }
        }
        ModifyFeatureProperty modify = ModifyFeatureProperty.of(command.thingId(), command.featureId(),
                command.propertyPath(), command.value(),
                DittoHeaders.newBuilder().correlationId(command.correlationId()).build());
        return encode(modify, TopicPath.Channel.LIVE);
    }

    private static TwinGraphException malformed(String why) {
        return new TwinGraphException("twins:payload.malformed", TwinGraphException.Kind.INVALID,
                "Not a valid Ditto Protocol message: " + why,
                "See https://eclipse.dev/ditto/protocol-specification.html");
    }
}
