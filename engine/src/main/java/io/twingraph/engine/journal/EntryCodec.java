package io.twingraph.engine.journal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;

import io.twingraph.twins.Delivery;
import io.twingraph.twins.TwinCommand;

/**
 * The body of one journal record: fixed-width header fields, then length-prefixed UTF-8 strings, the command's value
 * as JSON text. Kinds and origins are written as letters, not ordinals, so reordering an enum never changes what an
 * old journal means.
 */
final class EntryCodec {
    private static final byte CREATE = 'C';
    private static final byte MODIFY = 'M';
    private static final byte MERGE = 'P';
    private static final byte DELETE = 'D';

    private EntryCodec() {
    }

    /** Appends the entry's body to {@code out} (growing it as needed) and returns the buffer to use from now on. */
    static ByteBuffer encode(JournalEntry entry, ByteBuffer out) {
        TwinCommand command = entry.command();
        byte kind;
        String value;
        if (command instanceof TwinCommand.Create c) {
            kind = CREATE;
            value = c.thing().toJsonString();
        } else if (command instanceof TwinCommand.Modify m) {
            kind = MODIFY;
            value = m.value().toString();
        } else if (command instanceof TwinCommand.Merge m) {
            kind = MERGE;
            value = m.patch().toString();
        } else {
            kind = DELETE;
            value = null;
        }
        out = room(out, 32);
        out.putLong(entry.sequence());
        out.putLong(entry.timestamp().getEpochSecond());
        out.putInt(entry.timestamp().getNano());
        out.put(kind);
        out.put(origin(command.origin()));
        out = string(out, command.thingId().toString());
        out = string(out, command.path().toString());
        out = string(out, command.correlationId());
        out = string(out, entry.source());
        Delivery.MessageId id = entry.messageId();
        out = room(out, 1);
        out.put((byte) (id == null ? 0 : 1));
        if (id != null) {
            out = string(out, id.key());
            out = room(out, 8);
            out.putLong(id.fingerprint());
        }
        return string(out, value);
    }

    /** The sequence and message id only, without parsing the command (for entries the twin store already has). */
    record Header(long sequence, Delivery.MessageId messageId) {
    }

    static Header decodeHeader(ByteBuffer body) {
        try {
            long sequence = body.getLong(0);
            ByteBuffer in = body.duplicate().position(8 + 8 + 4 + 2);
            for (int i = 0; i < 4; i++) {
                skipString(in);
            }
            return new Header(sequence, messageId(in));
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("malformed journal record: " + e, e);
        }
    }

    /** @throws IllegalArgumentException when the body is not a journal entry this version can read */
    static JournalEntry decode(ByteBuffer body) {
        try {
            ByteBuffer in = body.duplicate();
            long sequence = in.getLong();
            Instant timestamp = Instant.ofEpochSecond(in.getLong(), in.getInt());
            byte kind = in.get();
            TwinCommand.Origin origin = origin(in.get());
            ThingId thingId = ThingId.of(string(in));
            JsonPointer path = JsonPointer.of(string(in));
            String correlationId = string(in);
            String source = string(in);
            Delivery.MessageId id = messageId(in);
            String value = string(in);
            TwinCommand command = switch (kind) {
                case CREATE -> new TwinCommand.Create(thingId, ThingsModelFactory.newThing(value), origin, correlationId);
                case MODIFY -> new TwinCommand.Modify(thingId, path, JsonFactory.readFrom(value), origin, correlationId);
                case MERGE -> new TwinCommand.Merge(thingId, path, JsonFactory.readFrom(value), origin, correlationId);
                case DELETE -> new TwinCommand.Delete(thingId, path, origin, correlationId);
                default -> throw new IllegalArgumentException("unknown command kind " + kind);
            };
            return new JournalEntry(sequence, timestamp, command, source, id);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // Ditto's parse errors, buffer underflows: whatever it is, this record cannot be read
            throw new IllegalArgumentException("malformed journal record: " + e, e);
        }
    }

    private static Delivery.MessageId messageId(ByteBuffer in) {
        if (in.get() == 0) {
            return null;
        }
        String key = string(in);
        return new Delivery.MessageId(key, in.getLong());
    }

    private static byte origin(TwinCommand.Origin origin) {
        return switch (origin) {
            case DEVICE -> 'D';
            case API -> 'A';
            case SYSTEM -> 'S';
        };
    }

    private static TwinCommand.Origin origin(byte code) {
        return switch (code) {
            case 'D' -> TwinCommand.Origin.DEVICE;
            case 'A' -> TwinCommand.Origin.API;
            case 'S' -> TwinCommand.Origin.SYSTEM;
            default -> throw new IllegalArgumentException("unknown origin " + code);
        };
    }

    private static ByteBuffer string(ByteBuffer out, String s) {
        if (s == null) {
            out = room(out, 4);
            out.putInt(-1);
            return out;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out = room(out, 4 + bytes.length);
        out.putInt(bytes.length);
        out.put(bytes);
        return out;
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("string length " + length + " beyond the record");
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static void skipString(ByteBuffer in) {
        int length = in.getInt();
        if (length > 0) {
            in.position(in.position() + length);
        }
    }

    /** {@code out}, or a copy twice as large, with at least {@code bytes} free. */
    static ByteBuffer room(ByteBuffer out, int bytes) {
        if (out.remaining() >= bytes) {
            return out;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + bytes));
        out.flip();
        bigger.put(out);
        return bigger;
    }
}
