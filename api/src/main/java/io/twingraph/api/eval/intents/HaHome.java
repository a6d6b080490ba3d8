package io.twingraph.api.eval.intents;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One home of a Home Assistant intents test directory, as its fixture describes it: the floors, areas and entities
 * that test sentences name. The directory's {@code _fixtures.yaml} is one home; every file in an intent sub-folder
 * brings its own (often tiny, sometimes empty) home inline.
 *
 * @param source   the file it came from, relative to the test directory
 * @param floors   floors, in file order
 * @param areas    areas, in file order
 * @param entities entities, in file order
 */
record HaHome(String source, List<Floor> floors, List<Area> areas, List<Entity> entities) {
    HaHome {
        Objects.requireNonNull(source, "source");
        floors = List.copyOf(floors);
        areas = List.copyOf(areas);
        entities = List.copyOf(entities);
    }

    /** A floor: {@code id} as given, or made from the name when the fixture has none. */
    record Floor(String id, String name, List<String> aliases) {
        Floor {
            aliases = List.copyOf(aliases);
        }
    }

    /**
     * An area (a room in TwinGraph's terms).
     *
     * @param floor the floor's id or name as the fixture wrote it, or null
     */
    record Area(String id, String name, List<String> aliases, String floor) {
        Area {
            aliases = List.copyOf(aliases);
        }
    }

    /**
     * An entity (a device).
     *
     * @param entityId    {@code domain.object_id}, made from domain and name when the fixture gives no id
     * @param domain      Home Assistant's domain: the id's prefix, or the fixture's {@code domain}
     * @param area        the area's id or name as the fixture wrote it, or null
     * @param state       the state Home Assistant stores ({@code on}, {@code open}, {@code 42}...); for a fixture
     *                    state written as {@code {in, out}} its {@code out}; null when not given
     * @param spokenState the state as people say it ({@code in}), or null
     * @param attributes  the fixture's {@code attributes} (device_class, brightness, current_temperature...), plus
     *                    {@code state_with_unit} when given at the entity's top level
     */
    record Entity(String entityId, String name, List<String> aliases, String domain, String area, String state,
                  String spokenState, Map<String, Object> attributes) {
        Entity {
            aliases = List.copyOf(aliases);
            attributes = Map.copyOf(attributes);
        }

        /** {@code attributes.device_class}, or null. */
        String deviceClass() {
            Object value = attributes.get("device_class");
            return value == null ? null : String.valueOf(value);
        }
    }
}
