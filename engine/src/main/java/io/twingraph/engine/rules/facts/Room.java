package io.twingraph.engine.rules.facts;

import java.util.Objects;

/**
 * A room (or other space) from the topology, with whether anyone is in it: occupied when any presence sensor in the
 * room says {@code occupied} or {@code motion}.
 *
 * @param iri       the room's IRI
 * @param name      its label
 * @param floor     the floor's IRI, or empty
 * @param floorName the floor's label, or empty
 * @param occupied  someone is there, as far as the room's sensors know
 * @param since     epoch milliseconds since when {@code occupied} has had its current value
 */
public record Room(String iri, String name, String floor, String floorName, boolean occupied, long since) {
    public Room {
        Objects.requireNonNull(iri, "iri");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(floorName, "floorName");
    }
}
