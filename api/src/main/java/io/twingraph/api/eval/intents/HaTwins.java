package io.twingraph.api.eval.intents;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.out.NodeFmtLib;
import org.eclipse.ditto.json.JsonArray;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;

import io.twingraph.ontology.Namespaces;

/**
 * A Home Assistant test home as TwinGraph holds a home: floors and areas as Brick Turtle for the topology graph (the
 * shape the simulated homes use: {@code brick:Floor} and {@code brick:Room} with {@code rdfs:label},
 * {@code skos:altLabel} for aliases, {@code brick:isPartOf}/{@code brick:hasPart} between them), and every entity as
 * a twin with the attributes the language layer reads ({@code name}, {@code aliases}, {@code location}, {@code kind} =
 * the HA domain, {@code deviceClass}, {@code class}) and features made from its domain and state.
 *
 * <p>Features by domain: light {@code light {on, brightness, color?}}; switch and input_boolean {@code switch {on}};
 * fan {@code fan {on}}; cover {@code cover {position, open}}; lock {@code lock {locked}}; valve {@code valve {open}};
 * climate {@code thermostat {temperature, setpoint?, mode}}; sensor {@code sensor {value, unit?}}; binary_sensor
 * {@code contact {open}} (door, window, garage_door, opening), {@code presence {occupied}} (motion, occupancy,
 * presence), else {@code state {on}}; any other domain a feature named after it with {@code {state}}.
 *
 * @param namespace the thing namespace of this home's twins ({@code ha3}); twins of different homes never share ids
 */
record HaTwins(String namespace, HaHome home) {
    /** Home Assistant's light brightness attribute is 0..255; TwinGraph's {@code light/brightness} is 0..100. */
    static final int HA_BRIGHTNESS_MAX = 255;
    private static final Set<String> CONTACT_CLASSES = Set.of("door", "window", "garage_door", "opening");
    private static final Set<String> PRESENCE_CLASSES = Set.of("motion", "occupancy", "presence");
    private static final Set<String> SHADING_CLASSES = Set.of("curtain", "shade", "shutter", "awning");

    /** IRI of a floor of this home. */
    String floorIri(HaHome.Floor floor) {
        return Namespaces.SITE + namespace + "/floor/" + HaSuite.slug(floor.id());
    }

    /** IRI of an area (a room) of this home. */
    String roomIri(HaHome.Area area) {
        return Namespaces.SITE + namespace + "/area/" + HaSuite.slug(area.id());
    }

    /** The floor an area's {@code floor} names: by id, else by name (case-insensitive). */
    Optional<HaHome.Floor> floorOf(HaHome.Area area) {
        if (area.floor() == null) {
            return Optional.empty();
        }
        return home.floors().stream().filter(f -> f.id().equals(area.floor())).findFirst()
                .or(() -> home.floors().stream().filter(f -> f.name().equalsIgnoreCase(area.floor())).findFirst());
    }

    /** The area an entity's {@code area} names: by id, else by name (case-insensitive). */
    Optional<HaHome.Area> areaOf(HaHome.Entity entity) {
        if (entity.area() == null) {
            return Optional.empty();
        }
        return home.areas().stream().filter(a -> a.id().equals(entity.area())).findFirst()
                .or(() -> home.areas().stream().filter(a -> a.name().equalsIgnoreCase(entity.area())).findFirst());
    }

    /** The topology: floors and rooms as Turtle. Empty (prefixes only) for a home without either. */
    String topologyTurtle() {
        StringBuilder ttl = new StringBuilder("""
                @prefix brick: <https://brickschema.org/schema/Brick#> .
                @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
                @prefix skos: <http://www.w3.org/2004/02/skos/core#> .

                """);
        for (HaHome.Floor floor : home.floors()) {
            List<String> rooms = home.areas().stream().filter(a -> floorOf(a).filter(floor::equals).isPresent())
                    .map(this::roomIri).toList();
            node(ttl, floorIri(floor), "Floor", floor.name(), floor.aliases(), null, rooms);
        }
        for (HaHome.Area area : home.areas()) {
            node(ttl, roomIri(area), "Room", area.name(), area.aliases(), floorOf(area).map(this::floorIri).orElse(null),
                    List.of());
        }
        return ttl.toString();
    }

    private static void node(StringBuilder ttl, String iri, String brickClass, String label, List<String> aliases,
                             String partOf, List<String> parts) {
        ttl.append(iri(iri)).append(" a brick:").append(brickClass).append(" ;\n");
        ttl.append("    rdfs:label ").append(literal(label));
        for (String alias : aliases) {
            ttl.append(" ;\n    skos:altLabel ").append(literal(alias));
        }
        if (partOf != null) {
            ttl.append(" ;\n    brick:isPartOf ").append(iri(partOf));
        }
        for (String part : parts) {
            ttl.append(" ;\n    brick:hasPart ").append(iri(part));
        }
        ttl.append(" .\n\n");
    }

    private static String iri(String iri) {
        return NodeFmtLib.strNT(NodeFactory.createURI(iri));
    }

    private static String literal(String text) {
        return NodeFmtLib.strNT(NodeFactory.createLiteralString(text));
    }

    /** The thing id of an entity: this home's namespace, the entity id with anything unusual made {@code _}. */
    ThingId thingId(HaHome.Entity entity) {
        return ThingId.of(namespace, entity.entityId().replaceAll("[^A-Za-z0-9_.-]", "_"));
    }

    /** Every entity as a twin. */
    List<Thing> things() {
        List<Thing> things = new ArrayList<>();
        for (HaHome.Entity entity : home.entities()) {
            things.add(thing(entity));
        }
        return things;
    }

    Thing thing(HaHome.Entity entity) {
        var aliases = JsonArray.newBuilder();
        entity.aliases().forEach(aliases::add);
        JsonObjectBuilder attributes = JsonObject.newBuilder()
                .set("name", entity.name())
                .set("aliases", aliases.build())
                .set("kind", entity.domain())
                .set("haEntityId", entity.entityId());
        areaOf(entity).ifPresent(a -> attributes.set("location", roomIri(a)));
        if (entity.deviceClass() != null) {
            attributes.set("deviceClass", entity.deviceClass());
        }
        brickClass(entity.domain(), entity.deviceClass()).ifPresent(c -> attributes.set("class", c));
        JsonObject features = JsonObject.newBuilder().set(featureId(entity), features(entity)).build();
        var dittoFeatures = JsonObject.newBuilder();
        features.forEach(f -> dittoFeatures.set(f.getKey().toString(),
                JsonObject.newBuilder().set("properties", f.getValue()).build()));
        return ThingsModelFactory.newThingBuilder()
                .setId(thingId(entity))
                .setAttributes(ThingsModelFactory.newAttributes(attributes.build()))
                .setFeatures(ThingsModelFactory.newFeatures(dittoFeatures.build()))
                .build();
    }

    /**
     * The Brick (or SAREF) class where one fits: light Luminaire, climate Thermostat, sensors saref:Sensor, fan Fan,
     * valve Valve, lock Access_Control_Equipment (Brick has no lock), covers that shade Blind or Shading_Equipment,
     * media players Audio_Visual_Equipment. None for switches (Brick's Switch is a wall switch for lighting), covers
     * without a shading device class (doors, gates, windows, or none given), and everything that is not a device
     * (scenes, scripts, people, lists...).
     */
    static Optional<String> brickClass(String domain, String deviceClass) {
        String c = deviceClass == null ? "" : deviceClass;
        return Optional.ofNullable(switch (domain) {
            case "light" -> "Luminaire";
            case "climate" -> "Thermostat";
            case "sensor", "binary_sensor" -> "saref:Sensor";
            case "fan" -> "Fan";
            case "valve" -> "Valve";
            case "lock" -> "Access_Control_Equipment";
            case "cover" -> c.equals("blind") ? "Blind" : SHADING_CLASSES.contains(c) ? "Shading_Equipment" : null;
            case "media_player" -> "Audio_Visual_Equipment";
            default -> null;
        });
    }

    /** The one feature an entity's state goes into. */
    static String featureId(HaHome.Entity entity) {
        return switch (entity.domain()) {
            case "light", "switch", "fan", "cover", "lock", "valve", "sensor" -> entity.domain();
            case "input_boolean" -> "switch";
            case "climate" -> "thermostat";
            case "binary_sensor" -> {
                String c = entity.deviceClass() == null ? "" : entity.deviceClass();
                yield CONTACT_CLASSES.contains(c) ? "contact" : PRESENCE_CLASSES.contains(c) ? "presence" : "state";
            }
            default -> entity.domain().replaceAll("[^A-Za-z0-9_-]", "_");
        };
    }

    /** The feature's properties, from the entity's domain, state and attributes. */
    static JsonObject features(HaHome.Entity entity) {
        String state = entity.state() == null ? "" : entity.state().trim();
        String s = state.toLowerCase(Locale.ROOT);
        Map<String, Object> a = entity.attributes();
        JsonObjectBuilder p = JsonObject.newBuilder();
        switch (entity.domain()) {
            case "light" -> {
                boolean on = s.equals("on");
                p.set("on", on);
                Optional<BigDecimal> brightness = number(a.get("brightness"));
                p.set("brightness", brightness
                        .map(b -> (int) Math.round(b.doubleValue() * 100 / HA_BRIGHTNESS_MAX))
                        .orElse(on ? 100 : 0));
                Object color = a.containsKey("color_name") ? a.get("color_name") : a.get("color");
                if (color != null) {
                    p.set("color", String.valueOf(color));
                }
            }
            case "switch", "input_boolean", "fan" -> p.set("on", s.equals("on"));
            case "cover" -> {
                boolean open = !s.equals("closed") && !s.isEmpty();
                Optional<BigDecimal> position = number(a.get("position")).or(() -> number(a.get("current_position")));
                p.set("position", position.map(BigDecimal::intValue).orElse(open ? 100 : 0));
                p.set("open", open);
            }
            case "lock" -> p.set("locked", s.equals("locked"));
            case "valve" -> p.set("open", !s.equals("closed") && !s.isEmpty());
            case "climate" -> {
                number(a.get("current_temperature")).ifPresent(t -> setNumber(p, "temperature", t));
                number(a.get("temperature")).ifPresent(t -> setNumber(p, "setpoint", t));
                p.set("mode", state);
            }
            case "sensor" -> {
                String value = state;
                String unit = a.get("unit_of_measurement") == null ? null : String.valueOf(a.get("unit_of_measurement"));
                if (value.isEmpty() && a.get("state_with_unit") != null) {
                    // "20 degrees": the number, then the unit
                    String[] parts = String.valueOf(a.get("state_with_unit")).trim().split("\\s+", 2);
                    value = parts[0];
                    if (unit == null && parts.length > 1) {
                        unit = parts[1];
                    }
                }
                Optional<BigDecimal> number = number(value);
                if (number.isPresent()) {
                    setNumber(p, "value", number.get());
                } else {
                    p.set("value", value);
                }
                if (unit != null) {
                    p.set("unit", unit);
                }
            }
            case "binary_sensor" -> {
                boolean on = s.equals("on");
                switch (featureId(entity)) {
                    case "contact" -> p.set("open", on);
                    case "presence" -> p.set("occupied", on);
                    default -> p.set("on", on);
                }
            }
            default -> p.set("state", state);
        }
        return p.build();
    }

    /** Whole numbers as JSON integers, others as decimals. */
    private static void setNumber(JsonObjectBuilder p, String key, BigDecimal n) {
        if (n.stripTrailingZeros().scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            p.set(key, n.longValueExact());
        } else {
            p.set(key, n.doubleValue());
        }
    }

    /** A number written as a YAML number or as text ({@code "42"}, {@code "22.9"}); empty otherwise. */
    static Optional<BigDecimal> number(Object value) {
        if (value instanceof Number n) {
            return Optional.of(new BigDecimal(n.toString()));
        }
        if (value instanceof String text && text.trim().matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
            return Optional.of(new BigDecimal(text.trim()));
        }
        return Optional.empty();
    }

    /** What {@link #features} keeps of each entity, by thing id, for checks. */
    Map<ThingId, HaHome.Entity> byThingId() {
        Map<ThingId, HaHome.Entity> map = new LinkedHashMap<>();
        home.entities().forEach(e -> map.put(thingId(e), e));
        return map;
    }
}
