package io.twingraph.nl.home;

import java.util.List;

/**
 * A floor of the home, as the graph names it.
 *
 * @param iri     the floor's IRI
 * @param name    its label
 * @param aliases other names ({@code skos:altLabel})
 */
public record Floor(String iri, String name, List<String> aliases) {
    public Floor {
        aliases = List.copyOf(aliases);
    }
}
