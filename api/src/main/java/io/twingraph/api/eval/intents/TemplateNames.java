package io.twingraph.api.eval.intents;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fixture names may use the optional-text brackets of Home Assistant's sentence templates ({@code Trader Joe[']s}
 * matches "Trader Joes" and "Trader Joe's"). Only that one piece of template syntax is read, unnested; anything else
 * stays literal.
 */
final class TemplateNames {
    private TemplateNames() {
    }

    /**
     * The names a fixture name stands for: first the one without any optional part (the one tests expect as a slot
     * value), then the one with all of them. A name without brackets is itself.
     */
    static List<String> expand(String name) {
        if (!name.matches(".*\\[[^\\[\\]]*].*")) {
            return List.of(name);
        }
        Set<String> names = new LinkedHashSet<>();
        names.add(squeeze(name.replaceAll("\\[[^\\[\\]]*]", "")));
        names.add(squeeze(name.replaceAll("\\[([^\\[\\]]*)]", "$1")));
        return new ArrayList<>(names);
    }

    private static String squeeze(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
