package io.twingraph.nl.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.twingraph.nl.home.Area;
import io.twingraph.nl.home.Floor;
import io.twingraph.nl.home.Home;
import io.twingraph.nl.home.HomeDevice;

/**
 * The names of one home, ready for matching: every device, area and floor by its label and aliases, as stemmed token
 * sequences (so "kitchen lights" matches "Kitchen Light").
 */
final class Lexicon {
    /** What a phrase names. Several devices may share a name ("Phone" for a phone's battery and its charger). */
    record Entry(List<HomeDevice> devices, Area area, Floor floor, String label) {
    }

    static final int MAX_WORDS = 7;

    final Home home;
    private final Map<String, List<Entry>> phrases = new HashMap<>();

    Lexicon(Home home) {
        this.home = home;
        Map<String, Set<HomeDevice>> byName = new HashMap<>();
        Map<String, String> labelOf = new HashMap<>();
        for (HomeDevice d : home.devices()) {
            for (String name : names(d.name(), d.aliases())) {
                String key = key(name);
                if (!key.isEmpty()) {
                    byName.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(d);
                    labelOf.putIfAbsent(key, d.name());
                }
            }
        }
        byName.forEach((key, devices) -> add(key, new Entry(List.copyOf(devices), null, null, labelOf.get(key))));
        for (Area a : home.areas()) {
            for (String name : names(a.name(), a.aliases())) {
                add(key(name), new Entry(List.of(), a, null, a.name()));
            }
        }
        for (Floor f : home.floors()) {
            for (String name : names(f.name(), f.aliases())) {
                add(key(name), new Entry(List.of(), null, f, f.name()));
            }
        }
    }

    private static List<String> names(String name, List<String> aliases) {
        List<String> all = new ArrayList<>();
        all.add(name);
        all.addAll(aliases);
        return all;
    }

    private void add(String key, Entry entry) {
        if (!key.isEmpty()) {
            phrases.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
        }
    }

    /** The entries named by tokens [from, to), or an empty list. */
    List<Entry> lookup(List<String> stems, int from, int to) {
        return phrases.getOrDefault(String.join(" ", stems.subList(from, to)), List.of());
    }

    /** A name as the key it is matched by: its words, lower case, stemmed, punctuation as in utterances. */
    static String key(String name) {
        List<String> stems = new ArrayList<>();
        for (String token : Utterance.of(name).tokens) {
            stems.add(stem(token));
        }
        return String.join(" ", stems);
    }

    /** A crude English singular, the same for names and sentences: lights/light, switches/switch, batteries/battery. */
    static String stem(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        if (t.length() <= 3 || Utterance.isNumber(t)) {
            return t;
        }
        if (t.endsWith("ies")) {
            return t.substring(0, t.length() - 3) + "y";
        }
        if (t.endsWith("ches") || t.endsWith("shes") || t.endsWith("sses") || t.endsWith("xes")) {
            return t.substring(0, t.length() - 2);
        }
        if (t.endsWith("s") && !t.endsWith("ss") && !t.endsWith("us") && !t.endsWith("is")) {
            return t.substring(0, t.length() - 1);
        }
        return t;
    }
}
