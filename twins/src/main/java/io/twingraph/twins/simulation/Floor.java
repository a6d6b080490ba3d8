package io.twingraph.twins.simulation;

import java.util.List;

/** The two storeys of every simulated home, with the names people use for them. */
enum Floor {
    GROUND("ground-floor", "Ground floor", List.of("downstairs", "ground level")),
    FIRST("first-floor", "First floor", List.of("upstairs", "upper floor", "1st floor"));

    final String slug;
    final String label;
    final List<String> aliases;

    Floor(String slug, String label, List<String> aliases) {
        this.slug = slug;
        this.label = label;
        this.aliases = aliases;
    }
}
