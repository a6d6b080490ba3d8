package io.twingraph.nl.parse;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words of home automation that are not names: kinds of devices, their classes, the states they can be in, and
 * colours. Device kinds and classes follow the vocabulary Home Assistant made common (light, cover/curtain,
 * binary_sensor/motion...), which is also what twins may declare in their {@code kind} and {@code deviceClass}
 * attributes.
 */
final class Vocabulary {
    /** What a noun refers to: a kind of device (one of several, in order of preference) and maybe a class. */
    record Noun(List<String> kinds, String deviceClass) {
        static Noun of(String kind) {
            return new Noun(List.of(kind), "");
        }

        static Noun of(String kind, String deviceClass) {
            return new Noun(List.of(kind), deviceClass);
        }
    }

    /** A state word: for which kinds (and binary-sensor class) it holds, and the state it names. */
    record StateWord(String kind, String deviceClass, String state) {
    }

    /** Nouns by their (singular) words. Multi-word nouns are matched before their parts. */
    static final Map<String, Noun> NOUNS = Map.ofEntries(
            Map.entry("light", Noun.of("light")), Map.entry("lamp", Noun.of("light")),
            Map.entry("lighting", Noun.of("light")), Map.entry("bulb", Noun.of("light")),
            Map.entry("switch", Noun.of("switch")), Map.entry("plug", Noun.of("switch")),
            Map.entry("socket", Noun.of("switch")), Map.entry("fan", Noun.of("fan")),
            Map.entry("lock", Noun.of("lock")),
            Map.entry("door", new Noun(List.of("cover", "lock", "binary_sensor"), "door")),
            Map.entry("window", new Noun(List.of("cover", "binary_sensor"), "window")),
            Map.entry("garage door", new Noun(List.of("cover", "binary_sensor"), "garage")),
            Map.entry("garage", new Noun(List.of("cover"), "garage")),
            Map.entry("gate", Noun.of("cover", "gate")),
            Map.entry("curtain", Noun.of("cover", "curtain")), Map.entry("drape", Noun.of("cover", "curtain")),
            Map.entry("blind", Noun.of("cover", "blind")), Map.entry("shade", Noun.of("cover", "shade")),
            Map.entry("shutter", Noun.of("cover", "shutter")), Map.entry("awning", Noun.of("cover", "awning")),
            Map.entry("cover", Noun.of("cover")), Map.entry("valve", Noun.of("valve")),
            Map.entry("thermostat", Noun.of("climate")), Map.entry("heating", Noun.of("climate")),
            Map.entry("heater", Noun.of("climate")), Map.entry("air conditioning", Noun.of("climate")),
            Map.entry("ac", Noun.of("climate")), Map.entry("hvac", Noun.of("climate")),
            Map.entry("scene", Noun.of("scene")), Map.entry("script", Noun.of("script")),
            Map.entry("tv", Noun.of("media_player")), Map.entry("television", Noun.of("media_player")),
            Map.entry("speaker", Noun.of("media_player")),
            Map.entry("sensor", new Noun(List.of("sensor", "binary_sensor"), "")),
            Map.entry("person", Noun.of("person")), Map.entry("people", Noun.of("person")),
            Map.entry("anyone", Noun.of("person")), Map.entry("everyone", Noun.of("person")),
            Map.entry("anybody", Noun.of("person")), Map.entry("everybody", Noun.of("person")),
            Map.entry("somebody", Noun.of("person")), Map.entry("someone", Noun.of("person")),
            // binary sensors named by what they sense
            Map.entry("battery", Noun.of("binary_sensor", "battery")),
            Map.entry("carbon monoxide", Noun.of("binary_sensor", "carbon_monoxide")),
            Map.entry("carbon monoxide sensor", Noun.of("binary_sensor", "carbon_monoxide")),
            Map.entry("co sensor", Noun.of("binary_sensor", "carbon_monoxide")),
            Map.entry("gas sensor", Noun.of("binary_sensor", "gas")), Map.entry("gas", Noun.of("binary_sensor", "gas")),
            Map.entry("water sensor", Noun.of("binary_sensor", "moisture")),
            Map.entry("leak sensor", Noun.of("binary_sensor", "moisture")),
            Map.entry("leak", Noun.of("binary_sensor", "moisture")),
            Map.entry("motion sensor", Noun.of("binary_sensor", "motion")),
            Map.entry("motion", Noun.of("binary_sensor", "motion")),
            Map.entry("occupancy sensor", Noun.of("binary_sensor", "occupancy")),
            Map.entry("occupancy", Noun.of("binary_sensor", "occupancy")),
            Map.entry("presence sensor", Noun.of("binary_sensor", "occupancy")),
            Map.entry("opening", Noun.of("binary_sensor", "opening")),
            Map.entry("smoke sensor", Noun.of("binary_sensor", "smoke")),
            Map.entry("smoke detector", Noun.of("binary_sensor", "smoke")),
            Map.entry("smoke", Noun.of("binary_sensor", "smoke")),
            Map.entry("sound sensor", Noun.of("binary_sensor", "sound")),
            Map.entry("noise", Noun.of("binary_sensor", "sound")),
            Map.entry("update", Noun.of("binary_sensor", "update")),
            Map.entry("problem", Noun.of("binary_sensor", "problem")));

    /** Nouns that stand for any device ("which devices are running"). */
    static final Set<String> GENERIC = Set.of("device", "thing", "anything", "something", "appliance", "entity",
            "everything");

    /**
     * State words, longest first where they overlap. Binary sensors say "on" for the state their class is about
     * (a low battery, detected smoke, an open window) and "off" otherwise.
     */
    static final Map<String, List<StateWord>> STATES = Map.ofEntries(
            Map.entry("on", List.of(new StateWord("", "", "on"))),
            Map.entry("turned on", List.of(new StateWord("", "", "on"))),
            Map.entry("switched on", List.of(new StateWord("", "", "on"))),
            Map.entry("off", List.of(new StateWord("", "", "off"))),
            Map.entry("turned off", List.of(new StateWord("", "", "off"))),
            Map.entry("switched off", List.of(new StateWord("", "", "off"))),
            Map.entry("open", List.of(new StateWord("cover", "", "open"), new StateWord("binary_sensor", "door", "on"),
                    new StateWord("binary_sensor", "window", "on"), new StateWord("binary_sensor", "garage_door", "on"),
                    new StateWord("binary_sensor", "opening", "on"), new StateWord("valve", "", "open"))),
            Map.entry("opened", List.of(new StateWord("cover", "", "open"), new StateWord("binary_sensor", "door", "on"),
                    new StateWord("binary_sensor", "window", "on"), new StateWord("binary_sensor", "garage_door", "on"),
                    new StateWord("binary_sensor", "opening", "on"))),
            Map.entry("closed", List.of(new StateWord("cover", "", "closed"), new StateWord("binary_sensor", "door", "off"),
                    new StateWord("binary_sensor", "window", "off"), new StateWord("binary_sensor", "garage_door", "off"),
                    new StateWord("binary_sensor", "opening", "off"), new StateWord("valve", "", "closed"))),
            Map.entry("shut", List.of(new StateWord("cover", "", "closed"), new StateWord("binary_sensor", "door", "off"),
                    new StateWord("binary_sensor", "window", "off"), new StateWord("binary_sensor", "garage_door", "off"),
                    new StateWord("binary_sensor", "opening", "off"))),
            Map.entry("locked", List.of(new StateWord("lock", "", "locked"), new StateWord("binary_sensor", "lock", "off"))),
            Map.entry("securely locked", List.of(new StateWord("lock", "", "locked"))),
            Map.entry("unlocked", List.of(new StateWord("lock", "", "unlocked"), new StateWord("binary_sensor", "lock", "on"))),
            Map.entry("at home", List.of(new StateWord("person", "", "home"), new StateWord("binary_sensor", "presence", "on"))),
            Map.entry("home", List.of(new StateWord("person", "", "home"), new StateWord("binary_sensor", "presence", "on"))),
            Map.entry("away", List.of(new StateWord("person", "", "not_home"), new StateWord("binary_sensor", "presence", "off"))),
            Map.entry("gone", List.of(new StateWord("person", "", "not_home"), new StateWord("binary_sensor", "presence", "off"))),
            Map.entry("low", List.of(new StateWord("binary_sensor", "battery", "on"))),
            Map.entry("normal", List.of(new StateWord("binary_sensor", "battery", "off"), new StateWord("binary_sensor", "cold", "off"),
                    new StateWord("binary_sensor", "heat", "off"))),
            Map.entry("charged", List.of(new StateWord("binary_sensor", "battery", "off"))),
            Map.entry("charging", List.of(new StateWord("binary_sensor", "battery_charging", "on"))),
            Map.entry("not charging", List.of(new StateWord("binary_sensor", "battery_charging", "off"))),
            Map.entry("cold", List.of(new StateWord("binary_sensor", "cold", "on"))),
            Map.entry("hot", List.of(new StateWord("binary_sensor", "heat", "on"))),
            Map.entry("connected", List.of(new StateWord("binary_sensor", "connectivity", "on"))),
            Map.entry("disconnected", List.of(new StateWord("binary_sensor", "connectivity", "off"))),
            Map.entry("detected", List.of(new StateWord("binary_sensor", "*", "on"))),
            Map.entry("triggered", List.of(new StateWord("binary_sensor", "*", "on"))),
            Map.entry("clear", List.of(new StateWord("binary_sensor", "*", "off"))),
            Map.entry("wet", List.of(new StateWord("binary_sensor", "moisture", "on"))),
            Map.entry("flooded", List.of(new StateWord("binary_sensor", "moisture", "on"))),
            Map.entry("dry", List.of(new StateWord("binary_sensor", "moisture", "off"))),
            Map.entry("occupied", List.of(new StateWord("binary_sensor", "occupancy", "on"))),
            Map.entry("plugged in", List.of(new StateWord("binary_sensor", "plug", "on"))),
            Map.entry("unplugged", List.of(new StateWord("binary_sensor", "plug", "off"))),
            Map.entry("powered on", List.of(new StateWord("binary_sensor", "power", "on"))),
            Map.entry("powered off", List.of(new StateWord("binary_sensor", "power", "off"))),
            Map.entry("running", List.of(new StateWord("binary_sensor", "running", "on"))),
            Map.entry("not running", List.of(new StateWord("binary_sensor", "running", "off"))),
            Map.entry("unsafe", List.of(new StateWord("binary_sensor", "safety", "on"))),
            Map.entry("safe", List.of(new StateWord("binary_sensor", "safety", "off"))),
            Map.entry("tampered", List.of(new StateWord("binary_sensor", "tamper", "on"))),
            Map.entry("available", List.of(new StateWord("binary_sensor", "update", "on"))),
            Map.entry("up to date", List.of(new StateWord("binary_sensor", "update", "off"))),
            Map.entry("vibrating", List.of(new StateWord("binary_sensor", "vibration", "on"))),
            Map.entry("not vibrating", List.of(new StateWord("binary_sensor", "vibration", "off"))));

    static final Set<String> COLORS = Set.of("red", "green", "blue", "yellow", "orange", "purple", "pink", "white",
            "warm white", "cool white", "cold white", "cyan", "magenta", "violet", "indigo", "turquoise", "teal",
            "lime", "amber", "gold", "brown", "black", "lavender", "crimson", "azure");

    /** Words that ask a question when they open the sentence. */
    static final Set<String> QUESTION_STARTS = Set.of("is", "are", "was", "were", "what", "which", "how", "who",
            "where", "do", "does", "did", "any", "has", "have", "whats");

    /** Words that scope a request to the whole home. */
    static final List<String> EVERYWHERE = List.of("everywhere", "all over", "in the house", "in the home",
            "in the apartment", "in the flat", "in the entire home", "in the entire house", "in the whole house",
            "in the whole home", "throughout the home", "throughout the house", "across the house", "across the home",
            "in every room", "in each room", "in all the rooms", "in all rooms", "in every area", "across every room", "in all areas", "in all the areas",
            "in my home", "in our home", "in my house", "in our house");

    /** Words that mean the speaker's area. */
    static final List<String> HERE = List.of("in here", "in this room", "in this space", "in this area", "in my room",
            "in our room", "in the room", "here", "this room");

    private Vocabulary() {
    }
}
