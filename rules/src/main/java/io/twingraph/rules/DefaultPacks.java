package io.twingraph.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule packages TwinGraph ships: stored and activated in a data directory's {@code rules/} on its first start.
 * Each is a DRL file under {@code io/twingraph/rules/packs/} in this module.
 */
public final class DefaultPacks {
    /** The packages, in the order they start. */
    public static final List<String> NAMES = List.of("comfort", "safety", "anomaly", "energy");

    private DefaultPacks() {
    }

    /** Package name to DRL text. */
    public static Map<String, String> all() {
        Map<String, String> packs = new LinkedHashMap<>();
        for (String name : NAMES) {
            packs.put(name, drl(name));
        }
        return packs;
    }

    /** The DRL of one default package. */
    public static String drl(String name) {
        String resource = "io/twingraph/rules/packs/" + name + ".drl";
        try (InputStream in = DefaultPacks.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no default rule package '" + name + "' (" + resource + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
