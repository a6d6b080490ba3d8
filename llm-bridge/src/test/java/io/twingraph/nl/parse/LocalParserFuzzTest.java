package io.twingraph.nl.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.twingraph.nl.Interpretation;
import io.twingraph.nl.NlRequest;
import io.twingraph.nl.home.Area;
import io.twingraph.nl.home.Floor;
import io.twingraph.nl.home.Home;
import io.twingraph.nl.home.HomeDevice;

/**
 * Fuzzes {@link LocalParser#parse}, the first thing {@code NaturalLanguage} does with a sentence (any text up to
 * {@link NlRequest#MAX_LENGTH} characters), on a fixed home and on homes whose names are fuzzed too (names come from
 * the graph's labels). The parser never throws, and what it returns is well formed: a confidence in [0, 1], thing ids,
 * names, areas and floors the home has, values of the types the actuation expects, unknown words as single lower-case
 * words (a letter or digit at least: punctuation is no word), the same answer twice.
 *
 * <p>Plain {@code mvn test} replays the seeds in {@code LocalParserFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class LocalParserFuzzTest {
    private static final Floor GROUND = new Floor("s:ground", "Ground floor", List.of("downstairs"));
    private static final Floor FIRST = new Floor("s:first", "First floor", List.of("upstairs"));
    private static final Area KITCHEN = new Area("s:kitchen", "Kitchen", List.of(), GROUND);
    private static final Area LIVING = new Area("s:living", "Living room", List.of("lounge"), GROUND);
    private static final Area HALL = new Area("s:hall", "Hallway", List.of(), GROUND);
    private static final Area BEDROOM = new Area("s:bedroom", "Bedroom", List.of(), FIRST);
    private static final Home HOME = new Home(List.of(
            device("kitchen-light", "Kitchen light", List.of("kitchen ceiling light"), "light", "", KITCHEN,
                    Map.of("light/on", false, "light/brightness", 0)),
            device("living-lamp", "Floor lamp", List.of("reading lamp"), "light", "", LIVING,
                    Map.of("light/on", true, "light/brightness", 60, "light/color", "#ffffff")),
            device("bedroom-blinds", "Bedroom blinds", List.of(), "cover", "blind", BEDROOM, Map.of("cover/position", 100)),
            device("kitchen-window", "Kitchen window", List.of(), "binary_sensor", "window", KITCHEN, Map.of("contact/open", true)),
            device("front-door", "Front door", List.of("main door"), "binary_sensor", "door", HALL, Map.of("contact/open", false)),
            device("front-door-lock", "Front door lock", List.of("door lock"), "lock", "", HALL, Map.of("lock/locked", false)),
            device("kitchen-sensor", "Kitchen sensor", List.of(), "sensor", "temperature", KITCHEN,
                    Map.of("environment/temperature", 21.5)),
            device("thermostat", "Thermostat", List.of(), "climate", "", LIVING, Map.of("thermostat/setpoint", 20)),
            device("phone-battery", "Phone", List.of(), "binary_sensor", "battery", BEDROOM, Map.of("battery/low", false)),
            device("phone-charger", "Phone", List.of(), "binary_sensor", "battery_charging", BEDROOM, Map.of("charger/on", true)),
            device("party", "Party mode", List.of(), "scene", "", null, Map.of()),
            device("alice", "Alice", List.of(), "person", "", null, Map.of("presence/home", true))),
            List.of(KITCHEN, LIVING, HALL, BEDROOM), List.of(GROUND, FIRST));

    @BeforeAll
    static void replayWithoutHooks() {
        // Replaying seeds needs none of Jazzer's sanitizer and comparison hooks, which cost 15-25 s a JVM here;
        // fuzzing (JAZZER_FUZZ set) keeps them: they guide the fuzzer and find injections.
        if (System.getenv("JAZZER_FUZZ") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
    }

    @FuzzTest(maxDuration = "30s")
    @DictionaryEntries({"turn on", "turn off", "switch", "set", "the", "kitchen", "light", "lights", "lamp",
            "floor lamp", "upstairs", "downstairs", "in here", "everywhere", "is", "are", "which", "how many", "what is",
            "what's", "who", "open", "closed", "locked", "lock", "unlock", "front door", "phone", "battery", "to",
            "percent", "%", "°", "degrees", "twenty", "one", "hundred", "a hundred", "point", "five", "red",
            "warm white", "#ff00ff", "keep", "at", "while i am there", "never mind", "please", "can you", "-", ".",
            "'s", "\u2019", "0", "9999999999999999999", "1e9"})
    void aSentenceAboutAKnownHome(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        if (text.length() > NlRequest.MAX_LENGTH) {
            return;   // refused before parsing (nl:text.too-long)
        }
        checkParses(HOME, text, KITCHEN);
    }

    @FuzzTest(maxDuration = "30s")
    void aSentenceAboutAHomeWithAnyNames(FuzzedDataProvider data) {
        Area area = new Area("s:a", data.consumeString(30), List.of(data.consumeString(20)), FIRST);
        List<HomeDevice> devices = new ArrayList<>();
        int count = data.consumeInt(1, 4);
        for (int i = 0; i < count; i++) {
            String kind = data.pickValue(List.of("light", "cover", "lock", "binary_sensor", "sensor", "climate",
                    "switch", "scene", "person", "other"));
            devices.add(device("d" + i, data.consumeString(30), List.of(data.consumeString(20)), kind,
                    data.pickValue(List.of("", "window", "door", "battery", "garage_door", "curtain")),
                    data.consumeBoolean() ? area : null, Map.of("x/temperature", 20)));
        }
        Home home = new Home(devices, List.of(area), List.of(FIRST, new Floor("s:f", data.consumeString(20), List.of())));
        String text = data.consumeRemainingAsString();
        if (text.length() > NlRequest.MAX_LENGTH) {
            return;
        }
        checkParses(home, text, area);
    }

    /** Without and with a speaker area, and the same answer again from the parser that has the home's lexicon. */
    private static void checkParses(Home home, String text, Area speaker) {
        LocalParser parser = new LocalParser();
        Parse first = parser.parse(text, home, null);
        check(home, text, first);
        check(home, text, parser.parse(text, home, speaker));
        assertThat(parser.parse(text, home, null)).as("second parse of %s", text).isEqualTo(first);
    }

    private static void check(Home home, String text, Parse parse) {
        assertThat(parse).isNotNull();
        Interpretation in = parse.interpretation();
        assertThat(in).isNotNull();
        assertThat(in.intent()).isNotNull();
        assertThat(in.source()).isEqualTo("local");
        assertThat(in.confidence()).as("confidence for %s", text).isBetween(0.0, 1.0);

        Set<String> ids = home.devices().stream().map(HomeDevice::id).collect(Collectors.toSet());
        assertThat(in.things()).as("things for %s", text).doesNotHaveDuplicates().allMatch(ids::contains);
        assertThat(home.devices()).containsAll(parse.ambiguous());
        if (in.name() != null) {
            assertThat(home.devices()).extracting(HomeDevice::name).as("name for %s", text).contains(in.name());
        }
        if (in.area() != null) {
            assertThat(home.areas()).extracting(Area::name).as("area for %s", text).contains(in.area());
        }
        if (in.floor() != null) {
            assertThat(home.floors()).extracting(Floor::name).as("floor for %s", text).contains(in.floor());
        }
        checkValues(in, text);
        assertThat(parse.unknownWords()).as("unknown words of %s", text)
                .allMatch(w -> w.chars().anyMatch(Character::isLetterOrDigit) && !w.contains(" ")
                        && w.equals(w.toLowerCase(Locale.ROOT)));
    }

    /** Values as {@code Actuation} and the goal facts read them. */
    private static void checkValues(Interpretation in, String text) {
        Map<String, Object> values = in.values();
        for (String numeric : List.of("brightness", "position", "temperature", "target")) {
            if (values.containsKey(numeric)) {
                assertThat(values.get(numeric)).as("%s of %s", numeric, text).isInstanceOf(Number.class);
                assertThat(((Number) values.get(numeric)).doubleValue()).isFinite();
            }
        }
        if (values.containsKey("color")) {
            assertThat(values.get("color")).isInstanceOf(String.class);
        }
        if (in.intent() == Interpretation.Intent.SET_COLOR) {
            assertThat(values).containsKey("color");
        }
        if (in.intent() == Interpretation.Intent.SET_TEMPERATURE) {
            assertThat(values).containsKey("temperature");
        }
        if (in.intent() == Interpretation.Intent.SET_GOAL) {
            assertThat(values).containsKeys("quantity", "target", "when");
        }
    }

    private static HomeDevice device(String id, String name, List<String> aliases, String kind, String deviceClass,
                                     Area area, Map<String, Object> properties) {
        return new HomeDevice("t1:" + id, "s:" + id, name, aliases, kind, deviceClass, area, properties);
    }
}
