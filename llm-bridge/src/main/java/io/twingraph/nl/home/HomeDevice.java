package io.twingraph.nl.home;

import java.util.List;
import java.util.Map;

/**
 * A twin as language sees it: what people call it, where it is, what kind of device it is and its current values.
 *
 * @param id          thing id
 * @param iri         the thing's IRI in the graph
 * @param name        its name (the thing id when it has none)
 * @param aliases     other names
 * @param kind        {@code light}, {@code switch}, {@code fan}, {@code cover}, {@code lock}, {@code valve},
 *                    {@code climate}, {@code sensor}, {@code binary_sensor}, {@code media_player}, ...; or {@code other}
 * @param deviceClass a finer class ({@code curtain}, {@code window}, {@code motion}, {@code temperature}...), or empty
 * @param area        the area it is in, or null
 * @param properties  current values keyed {@code feature/property}
 */
public record HomeDevice(String id, String iri, String name, List<String> aliases, String kind, String deviceClass,
                         Area area, Map<String, Object> properties) {
    public HomeDevice {
        aliases = List.copyOf(aliases);
        properties = Map.copyOf(properties);
    }

    /** The floor it is on, or null. */
    public Floor floor() {
        return area == null ? null : area.floor();
    }

    public boolean has(String property) {
        return properties.containsKey(property);
    }
}
