package io.twingraph.twins.ditto.live;

import java.time.Instant;
import java.util.Optional;

import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.protocol.TopicPath;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.events.ThingEvent;
import org.eclipse.ditto.things.model.signals.events.ThingMerged;

import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.ditto.DittoProtocolCodec;

/**
 * One change notification from Ditto's change stream, read: which thing, its revision after the change, and the twin
 * command that repeats the change locally.
 *
 * <p>The stream is asked for {@code thingId,_revision,_modified,_context}. {@code _context} carries the event as Ditto
 * Protocol (topic, path, value, headers); it is put back together into a Ditto Protocol message and parsed by Ditto's
 * own protocol adapter into a {@link ThingEvent}, whose category decides the command: created/modified at a path ->
 * {@link TwinCommand.Modify}, merged -> {@link TwinCommand.Merge}, deleted -> {@link TwinCommand.Delete}. A
 * notification without a readable {@code _context} (an older Ditto) has no command: the follower fetches the thing.
 *
 * @param thingId       the thing
 * @param revision      the thing's revision after the change; -1 when Ditto did not send one
 * @param modified      when Ditto applied it, if known
 * @param command       the same change for the local store; null when it could not be read
 * @param wholeThing    the change alone decides the thing's state (created, replaced or deleted at {@code /})
 */
record DittoChange(ThingId thingId, long revision, Instant modified, TwinCommand command, boolean wholeThing) {

    /** What a line of the stream turned out to be. */
    sealed interface Read permits Change, Problem, Nothing {
    }

    /** A change notification. */
    record Change(DittoChange change) implements Read {
    }

    /** Ditto's error JSON in the stream, or a notification that cannot be read at all. */
    record Problem(String description) implements Read {
    }

    /** An empty event (heartbeat). */
    record Nothing() implements Read {
    }

    /** Reads the data of one stream event. */
    static Read read(String data, DittoProtocolCodec codec) {
        if (data == null || data.isBlank()) {
            return new Nothing();
        }
        JsonObject json;
        try {
            JsonValue value = JsonFactory.readFrom(data);
            if (!value.isObject()) {
                return new Problem("not a JSON object: " + shorten(data));
            }
            json = value.asObject();
        } catch (RuntimeException e) {
            return new Problem("not JSON: " + shorten(data));
        }
        Optional<String> id = json.getValue("thingId").filter(JsonValue::isString).map(JsonValue::asString);
        if (id.isEmpty()) {
            if (json.contains("error")) {
                return new Problem("Ditto reported in the stream: " + json.getValue("error").map(JsonValue::formatAsString)
                        .orElse("") + " " + json.getValue("message").map(JsonValue::formatAsString).orElse(""));
            }
            return new Problem("no thingId: " + shorten(data));
        }
        ThingId thingId;
        try {
            thingId = ThingId.of(id.get());
        } catch (RuntimeException e) {
            return new Problem("invalid thingId '" + id.get() + "'");
        }
        long revision = json.getValue("_revision").filter(JsonValue::isNumber).map(JsonValue::asLong).orElse(-1L);
        Instant modified = json.getValue("_modified").filter(JsonValue::isString).map(v -> parseInstant(v.asString()))
                .orElse(null);
        JsonObject context = json.getValue("_context").filter(JsonValue::isObject).map(JsonValue::asObject).orElse(null);
        TwinCommand command = null;
        boolean whole = false;
        if (context != null && revision >= 0) {
            ThingEvent<?> event = event(context, revision, modified, codec);
            if (event != null && event.getEntityId().equals(thingId)) {
                command = command(event);
                whole = command != null && event.getResourcePath().isEmpty()
                        && !(command instanceof TwinCommand.Merge);
            }
        }
        return new Change(new DittoChange(thingId, revision, modified, command, whole));
    }

    /** The Ditto Protocol message {@code _context} describes, parsed by Ditto's adapter; null if it is no twin event. */
    private static ThingEvent<?> event(JsonObject context, long revision, Instant modified, DittoProtocolCodec codec) {
        var message = JsonObject.newBuilder()
                .set("topic", context.getValue("topic").orElse(JsonValue.nullLiteral()))
                .set("headers", context.getValue("headers").filter(JsonValue::isObject).orElse(JsonObject.empty()))
                .set("path", context.getValue("path").orElse(JsonValue.of("/")))
                .set("revision", revision);
        context.getValue("value").ifPresent(v -> message.set("value", v));
        if (modified != null) {
            message.set("timestamp", modified.toString());
        }
        try {
            DittoProtocolCodec.Decoded decoded = codec.decode(message.build().toString());
            Signal<?> signal = decoded.signal();
            if (decoded.channel() == TopicPath.Channel.TWIN && signal instanceof ThingEvent<?> event) {
                return event;
            }
        } catch (RuntimeException unreadable) {
            // left to the follower: it fetches the thing
        }
        return null;
    }

    private static TwinCommand command(ThingEvent<?> event) {
        ThingId id = event.getEntityId();
        JsonPointer path = event.getResourcePath();
        String correlationId = event.getDittoHeaders().getCorrelationId()
                .orElseGet(() -> "ditto:" + id + ":" + event.getRevision());
        switch (event.getCommandCategory()) {
            case CREATE:
            case MODIFY:
                return event.getEntity(JsonSchemaVersion.V_2)
                        .map(v -> (TwinCommand) new TwinCommand.Modify(id, path, v, TwinCommand.Origin.SYSTEM, correlationId))
                        .orElse(null);
            case MERGE:
                return event instanceof ThingMerged merged
                        ? new TwinCommand.Merge(id, path, merged.getValue(), TwinCommand.Origin.SYSTEM, correlationId)
                        : null;
            case DELETE:
                return new TwinCommand.Delete(id, path, TwinCommand.Origin.SYSTEM, correlationId);
            default:
                return null; // e.g. a migrated definition: the thing is fetched
        }
    }

    private static Instant parseInstant(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
