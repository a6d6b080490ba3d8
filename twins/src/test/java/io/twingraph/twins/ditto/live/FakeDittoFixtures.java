package io.twingraph.twins.ditto.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

/** The test fixtures under {@code ditto/live/}: things, change notifications and error replies written from Ditto's docs. */
public final class FakeDittoFixtures {
    private FakeDittoFixtures() {
    }

    /** The five things of {@code things.json}, with their {@code _revision}. */
    public static List<JsonObject> things() {
        List<JsonObject> list = new ArrayList<>();
        JsonFactory.readFrom(resource("things.json")).asArray().forEach(v -> list.add(v.asObject()));
        return list;
    }

    public static JsonObject thing(String thingId) {
        return things().stream().filter(t -> t.getValue("thingId").orElseThrow().asString().equals(thingId))
                .findFirst().orElseThrow();
    }

    /** One change notification of {@code events.json}, as the stream's {@code data:} sends it. */
    public static String event(String name) {
        return object("events.json").getValue(name).map(JsonValue::toString).orElseThrow();
    }

    /** One error body of {@code errors.json}. */
    public static String error(String name) {
        return object("errors.json").getValue(name).map(JsonValue::toString).orElseThrow();
    }

    private static JsonObject object(String file) {
        return JsonFactory.readFrom(resource(file)).asObject();
    }

    private static String resource(String name) {
        try (InputStream in = FakeDittoFixtures.class.getResourceAsStream("/ditto/live/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
