package io.twingraph.twins.simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * The homes' spaces as Brick Turtle: building, floors, rooms and the outdoor area, with labels and the alternative
 * names people use ({@code skos:altLabel}), linked by {@code brick:hasPart} and {@code brick:isPartOf} both ways. The
 * outdoor area hangs off the building, not a floor: queries for "everything in home1" should find the garden.
 * Labels are plain strings without language tags, like the labels TwinGraph writes for twins, so one
 * {@code rdfs:label "Kitchen"} pattern matches both.
 */
final class TopologyTurtle {
    private static final String PREFIXES = """
            @prefix brick: <https://brickschema.org/schema/Brick#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            @prefix site: <https://twingraph.io/site/> .

            """;

    private TopologyTurtle() {
    }

    static String of(List<String> homeIds) {
        StringBuilder ttl = new StringBuilder(PREFIXES);
        for (int i = 0; i < homeIds.size(); i++) {
            home(ttl, homeIds.get(i), i + 1);
        }
        return ttl.toString();
    }

    private static void home(StringBuilder ttl, String homeId, int number) {
        String building = SiteIris.building(homeId);
        List<String> parts = new ArrayList<>();
        for (Floor floor : Floor.values()) {
            parts.add(SiteIris.floor(homeId, floor));
        }
        parts.add(SiteIris.room(homeId, Room.OUTDOOR));
        node(ttl, building, "Building", "Home " + number, List.of("home", "house", homeId), null, parts);

        for (Floor floor : Floor.values()) {
            List<String> rooms = Room.indoorRooms().stream().filter(r -> r.floor == floor)
                    .map(r -> SiteIris.room(homeId, r)).toList();
            node(ttl, SiteIris.floor(homeId, floor), "Floor", floor.label, floor.aliases, building, rooms);
        }
        for (Room room : Room.indoorRooms()) {
            node(ttl, SiteIris.room(homeId, room), "Room", room.label, room.aliases,
                    SiteIris.floor(homeId, room.floor), List.of());
        }
        node(ttl, SiteIris.room(homeId, Room.OUTDOOR), "Outdoor_Area", Room.OUTDOOR.label, Room.OUTDOOR.aliases,
                building, List.of());
    }

    private static void node(StringBuilder ttl, String iri, String brickClass, String label, List<String> aliases,
                             String partOf, List<String> parts) {
        ttl.append(Turtle.iri(iri)).append(" a brick:").append(brickClass).append(" ;\n");
        ttl.append("    rdfs:label ").append(Turtle.literal(label));
        for (String alias : aliases) {
            ttl.append(" ;\n    skos:altLabel ").append(Turtle.literal(alias));
        }
        if (partOf != null) {
            ttl.append(" ;\n    brick:isPartOf ").append(Turtle.iri(partOf));
        }
        for (String part : parts) {
            ttl.append(" ;\n    brick:hasPart ").append(Turtle.iri(part));
        }
        ttl.append(" .\n\n");
    }
}
