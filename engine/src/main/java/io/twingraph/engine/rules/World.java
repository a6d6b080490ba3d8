package io.twingraph.engine.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.ditto.json.JsonField;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

import io.twingraph.engine.TwinIris;
import io.twingraph.engine.rules.facts.Device;
import io.twingraph.engine.rules.facts.Goal;
import io.twingraph.engine.rules.facts.PriceSlot;
import io.twingraph.engine.rules.facts.Reading;
import io.twingraph.engine.rules.facts.Room;
import io.twingraph.twins.TwinEvent;

/**
 * The current facts, kept on the rules thread: devices from twins, rooms with their occupancy, goals and prices.
 * Twin events turn into a {@link Change} that every package's session applies.
 */
final class World {
    /** What changed in one batch: devices replaced or removed, rooms whose state changed, readings that arrived. */
    record Change(List<Device> devices, List<String> removed, List<Room> rooms, List<Reading> readings, long latest) {
        boolean isEmpty() {
            return devices.isEmpty() && removed.isEmpty() && rooms.isEmpty() && readings.isEmpty();
        }
    }

    private final Topology topology;
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final Map<String, Goal> goals = new LinkedHashMap<>();
    private List<PriceSlot> prices = List.of();

    World(Topology topology) {
        this.topology = topology;
    }

    /** Loads every twin as it is now, without readings (at start and after a topology change). */
    Change load(Iterable<Thing> things, long now) {
        List<Device> loaded = new ArrayList<>();
        for (Thing thing : things) {
            Device d = device(thing, now);
            devices.put(d.id(), d);
            loaded.add(d);
        }
        return new Change(loaded, List.of(), recomputeRooms(roomsOf(loaded), now), List.of(), now);
    }

    Change apply(List<TwinEvent> events) {
        Map<String, Device> changed = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        List<Reading> readings = new ArrayList<>();
        Set<String> touchedRooms = new TreeSet<>();
        long latest = Long.MIN_VALUE;
        for (TwinEvent event : events) {
            String id = event.thingId().toString();
            long time = event.timestamp().toEpochMilli();
            latest = Math.max(latest, time);
            Device before = devices.get(id);
            if (before != null) {
                touchedRooms.add(before.room());
            }
            if (event.after() == null) {
                devices.remove(id);
                changed.remove(id);
                removed.add(id);
                continue;
            }
            Device after = device(event.after(), time);
            devices.put(id, after);
            changed.put(id, after);
            removed.remove(id);
            touchedRooms.add(after.room());
            readings(event, after, readings);
        }
        touchedRooms.remove("");
        return new Change(List.copyOf(changed.values()), removed, recomputeRooms(touchedRooms, latest), readings, latest);
    }

    Map<String, Device> devices() {
        return devices;
    }

    Map<String, Room> rooms() {
        return rooms;
    }

    Map<String, Goal> goals() {
        return goals;
    }

    List<PriceSlot> prices() {
        return prices;
    }

    void prices(List<PriceSlot> slots) {
        prices = List.copyOf(slots);
    }

    private Set<String> roomsOf(List<Device> list) {
        Set<String> out = new TreeSet<>();
        for (Device d : list) {
            if (d.located()) {
                out.add(d.room());
            }
        }
        return out;
    }

    /** Rooms whose occupancy (or existence) changed. */
    private List<Room> recomputeRooms(Set<String> iris, long now) {
        if (iris.isEmpty()) {
            return List.of();
        }
        Map<String, Boolean> occupied = new HashMap<>();
        for (String iri : iris) {
            occupied.put(iri, false);
        }
        for (Device d : devices.values()) {
            if (occupied.containsKey(d.room()) && (d.flag("presence/occupied") || d.flag("presence/motion"))) {
                occupied.put(d.room(), true);
            }
        }
        List<Room> changed = new ArrayList<>();
        for (String iri : iris) {
            Room old = rooms.get(iri);
            boolean occ = occupied.get(iri);
            if (old != null && old.occupied() == occ) {
                continue;
            }
            Topology.Space space = topology.space(iri, now);
            Room room = new Room(iri, space.name(), space.floor(), space.floorName(), occ, now);
            rooms.put(iri, room);
            changed.add(room);
        }
        return changed;
    }

    private Device device(Thing thing, long now) {
        String id = thing.getEntityId().map(Object::toString).orElseThrow();
        JsonObject attributes = thing.getAttributes().map(a -> (JsonObject) a).orElse(JsonObject.empty());
        String room = attributes.getValue("location").filter(JsonValue::isString).map(JsonValue::asString).orElse("");
        Topology.Space space = topology.space(room, now);
        Map<String, Object> properties = new LinkedHashMap<>();
        thing.getFeatures().ifPresent(features -> features.forEach(f -> f.getProperties()
                .ifPresent(p -> flatten(f.getId(), p, properties))));
        return new Device(id, TwinIris.thing(thing.getEntityId().orElseThrow()).getURI(),
                type(attributes.getValue("class").filter(JsonValue::isString).map(JsonValue::asString).orElse("")),
                attributes.getValue("name").filter(JsonValue::isString).map(JsonValue::asString).orElse(id),
                room, space.name(), space.floor(), space.floorName(), properties, thing.getRevision()
                        .map(r -> r.toLong()).orElse(0L));
    }

    /** The Brick or SAREF class name without prefix or namespace. */
    static String type(String cls) {
        int cut = Math.max(Math.max(cls.lastIndexOf('#'), cls.lastIndexOf('/')), cls.lastIndexOf(':'));
        return cls.substring(cut + 1);
    }

    private static void flatten(String prefix, JsonObject object, Map<String, Object> into) {
        for (JsonField field : object) {
            String key = prefix + "/" + field.getKeyName();
            JsonValue v = field.getValue();
            if (v.isObject()) {
                flatten(key, v.asObject(), into);
            } else {
                Object plain = plain(v);
                if (plain != null) {
                    into.put(key, plain);
                }
            }
        }
    }

    static Object plain(JsonValue v) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.isLong() ? (Object) v.asLong() : (Object) v.asDouble();
        }
        if (v.isString()) {
            return v.asString();
        }
        return null;
    }

    /** The leaf properties an event set, as readings (whole-thing and feature-level changes included). */
    private static void readings(TwinEvent event, Device device, List<Reading> into) {
        if (event.value() == null) {
            return;
        }
        JsonPointer path = event.path();
        Map<String, Object> leaves = new LinkedHashMap<>();
        if (path.isEmpty()) {
            if (event.value().isObject()) {
                event.value().asObject().getValue("features").filter(JsonValue::isObject)
                        .ifPresent(fs -> fs.asObject().forEach(f -> featureLeaves(f.getKeyName(), f.getValue(), leaves)));
            }
        } else if ("features".equals(path.getRoot().map(Object::toString).orElse(""))) {
            int levels = path.getLevelCount();
            if (levels == 1 && event.value().isObject()) {
                event.value().asObject().forEach(f -> featureLeaves(f.getKeyName(), f.getValue(), leaves));
            } else if (levels == 2) {
                featureLeaves(path.get(1).orElseThrow().toString(), event.value(), leaves);
            } else if (levels >= 3 && "properties".equals(path.get(2).orElseThrow().toString())) {
                StringBuilder key = new StringBuilder(path.get(1).orElseThrow().toString());
                for (int i = 3; i < levels; i++) {
                    key.append('/').append(path.get(i).orElseThrow());
                }
                if (event.value().isObject()) {
                    flatten(key.toString(), event.value().asObject(), leaves);
                } else if (levels > 3) {
                    Object plain = plain(event.value());
                    if (plain != null) {
                        leaves.put(key.toString(), plain);
                    }
                } else if (event.value().isObject()) {
                    flatten(key.toString(), event.value().asObject(), leaves);
                }
            }
        }
        Instant at = event.timestamp();
        leaves.forEach((key, value) -> into.add(Reading.of(device.id(), device.type(), device.room(), key, value, at)));
    }

    private static void featureLeaves(String featureId, JsonValue feature, Map<String, Object> into) {
        if (feature.isObject()) {
            feature.asObject().getValue("properties").filter(JsonValue::isObject)
                    .ifPresent(p -> flatten(featureId, p.asObject(), into));
        }
    }
}
