package io.twingraph.nl.home;

import java.util.List;

/**
 * A room or space, as the graph names it.
 *
 * @param iri     the space's IRI
 * @param name    its label
 * @param aliases other names ({@code skos:altLabel})
 * @param floor   the floor it is on, or null
 */
public record Area(String iri, String name, List<String> aliases, Floor floor) {
    public Area {
        aliases = List.copyOf(aliases);
    }
}
