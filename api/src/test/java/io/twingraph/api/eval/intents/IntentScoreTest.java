package io.twingraph.api.eval.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

/** Scoring sentences, reading replies as Home Assistant intents, and the report's sums. */
class IntentScoreTest {

    @Test
    void sameIntentAndSlotsIsAnExactMatchWithCaseSpacesAndNumberFormsIgnored() {
        IntentScore.Sentence s = IntentScore.score("HassLightSet", Map.of("name", "Desk Lamp", "brightness", 50),
                "HassLightSet", Map.of("name", " desk lamp", "brightness", 50.0));
        assertThat(s).isEqualTo(new IntentScore.Sentence(true, true, 2, 2, 2));
    }

    @Test
    void numbersCompareByValue() {
        assertThat(IntentScore.matches(50, "50")).isTrue();
        assertThat(IntentScore.matches("50", 50.0)).isTrue();
        assertThat(IntentScore.matches(21.5, "21.50")).isTrue();
        assertThat(IntentScore.matches(50, 51)).isFalse();
        assertThat(IntentScore.matches("50 %", 50)).isFalse();
    }

    @Test
    void listsAreAlternativesAndYamlBooleansAreOnOff() {
        assertThat(IntentScore.matches(List.of("pizza ", "pizza"), "Pizza")).isTrue();
        assertThat(IntentScore.matches(List.of("tea", "coffee"), "water")).isFalse();
        assertThat(IntentScore.matches(true, "on")).isTrue();
        assertThat(IntentScore.matches(false, "off")).isTrue();
        assertThat(IntentScore.matches(false, "on")).isFalse();
    }

    @Test
    void extraAndMissingSlotsCostPrecisionAndRecallAndTheExactMatch() {
        Map<String, Object> expected = Map.of("domain", "light", "area", "Kitchen");
        // one right, one extra (state), one missing (area)
        IntentScore.Sentence s = IntentScore.score("HassTurnOn", expected, "HassTurnOn",
                ordered("domain", "light", "state", "on"));
        assertThat(s).isEqualTo(new IntentScore.Sentence(true, false, 1, 2, 2));

        // a wrong value counts as predicted and expected but not correct
        IntentScore.Sentence wrong = IntentScore.score("HassTurnOn", expected, "HassTurnOn",
                ordered("domain", "light", "area", "Garage"));
        assertThat(wrong).isEqualTo(new IntentScore.Sentence(true, false, 1, 2, 2));

        // right slots with the wrong intent: slots still count, no exact match
        IntentScore.Sentence otherIntent = IntentScore.score("HassTurnOn", expected, "HassTurnOff",
                ordered("domain", "light", "area", "kitchen"));
        assertThat(otherIntent).isEqualTo(new IntentScore.Sentence(false, false, 2, 2, 2));

        IntentScore.Tally t = new IntentScore.Tally();
        t.add(s);
        t.add(wrong);
        t.add(otherIntent);
        assertThat(t.intentAccuracy()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(t.exactMatch()).isZero();
        assertThat(t.precision()).isCloseTo(4 / 6.0, within(1e-9));
        assertThat(t.recall()).isCloseTo(4 / 6.0, within(1e-9));
        assertThat(t.f1()).isCloseTo(4 / 6.0, within(1e-9));
    }

    @Test
    void nothingPredictedHasNoPrecisionButZeroRecallAndF1() {
        IntentScore.Tally t = new IntentScore.Tally();
        t.add(IntentScore.score("HassTurnOn", Map.of("name", "Fan"), null, Map.of()));
        assertThat(t.precision()).isNaN();
        assertThat(t.recall()).isZero();
        assertThat(t.f1()).isZero();
        IntentScore.Tally none = new IntentScore.Tally();
        none.add(IntentScore.score("HassNevermind", Map.of(), "HassNevermind", Map.of()));
        assertThat(none.exactMatch()).isEqualTo(1.0);
        assertThat(none.f1()).isNaN();
    }

    @Test
    void ourIntentsMapToHomeAssistants() {
        assertThat(HaIntents.intent("OPEN", null)).isEqualTo("HassTurnOn");
        assertThat(HaIntents.intent("LOCK", null)).isEqualTo("HassTurnOn");
        assertThat(HaIntents.intent("UNLOCK", null)).isEqualTo("HassTurnOff");
        assertThat(HaIntents.intent("SET_COLOR", null)).isEqualTo("HassLightSet");
        assertThat(HaIntents.intent("SET_POSITION", null)).isEqualTo("HassSetPosition");
        assertThat(HaIntents.intent("SET_TEMPERATURE", null)).isEqualTo("HassClimateSetTemperature");
        assertThat(HaIntents.intent("GET_VALUE", "temperature")).isEqualTo("HassClimateGetTemperature");
        assertThat(HaIntents.intent("GET_VALUE", "humidity")).isNull();
        assertThat(HaIntents.intent("COUNT", null)).isEqualTo("HassGetState");
        assertThat(HaIntents.intent("CANCEL", null)).isEqualTo("HassNevermind");
        assertThat(HaIntents.intent("SET_GOAL", null)).isNull();
        assertThat(HaIntents.intent("UNKNOWN", null)).isNull();
    }

    @Test
    void aReplysInterpretationBecomesIntentAndSlots() throws Exception {
        String reply = """
                {"conversation": "c1", "status": "PLANNED", "answer": "Would set Desk Lamp to 30%",
                 "interpretation": {"intent": "SET_BRIGHTNESS", "things": ["ha1:light.desk_lamp"], "name": "Desk Lamp",
                   "area": "Study", "floor": null, "kind": "light", "deviceClass": null, "state": null,
                   "values": {"brightness": 30}, "confidence": 0.9, "source": "local"},
                 "actions": [], "sparql": null, "rows": [], "candidates": [], "goal": null, "millis": 3.5}""";
        HaIntents.Reading r = HaIntents.read(new JsonMapper().readTree(reply));
        assertThat(r.intent()).isEqualTo("HassLightSet");
        assertThat(r.ours()).isEqualTo("SET_BRIGHTNESS");
        // HA's templates name a light by its name without its domain
        assertThat(r.slots()).containsExactly(Map.entry("name", "Desk Lamp"), Map.entry("area", "Study"),
                Map.entry("brightness", 30));

        HaIntents.Reading temperature = HaIntents.read(new JsonMapper().readTree("""
                {"interpretation": {"intent": "GET_VALUE", "things": [], "area": "Study", "kind": "climate",
                 "values": {"quantity": "temperature"}, "confidence": 1, "source": "local"}}"""));
        assertThat(temperature.intent()).isEqualTo("HassClimateGetTemperature");
        assertThat(temperature.quantity()).isEqualTo("temperature");
        assertThat(temperature.slots()).containsExactly(Map.entry("area", "Study"));

        HaIntents.Reading windows = HaIntents.read(new JsonMapper().readTree("""
                {"interpretation": {"intent": "LIST", "things": ["ha1:binary_sensor.w"], "kind": "binary_sensor",
                 "deviceClass": "window", "state": "on", "values": {"quantifier": "which"}}}"""));
        assertThat(windows.intent()).isEqualTo("HassGetState");
        assertThat(windows.slots()).containsExactly(Map.entry("domain", "binary_sensor"),
                Map.entry("device_class", "window"), Map.entry("state", "on"));

        HaIntents.Reading fans = HaIntents.read(new JsonMapper().readTree("""
                {"interpretation": {"intent": "TURN_ON", "things": ["ha1:fan.a"], "area": "Office", "kind": "fan",
                 "state": "on", "values": {"areaSource": "said"}}}"""));
        assertThat(fans.slots()).containsExactly(Map.entry("area", "Office"), Map.entry("domain", "fan"),
                Map.entry("name", "all"));

        assertThat(HaIntents.read(new JsonMapper().readTree("{\"status\": 500}"))).isEqualTo(HaIntents.Reading.NONE);
    }

    @Test
    void reportSumsSupportedIntentsAndTheUnsupportedShare() {
        List<IntentsReport.SentenceResult> results = List.of(
                result("HassTurnOn", Map.of("name", "Fan"), "HassTurnOn", Map.of("name", "fan")),
                result("HassTurnOn", Map.of("name", "Fan"), "HassTurnOff", Map.of("name", "fan", "state", "off")),
                result("HassGetState", Map.of("name", "Door"), null, Map.of()),
                result("HassStartTimer", Map.of("minutes", 5), null, Map.of()),
                result("HassStartTimer", Map.of("minutes", 5), "HassTurnOn", Map.of()));
        IntentsReport report = new IntentsReport(results);

        assertThat(report.byIntent().keySet()).containsExactly("HassStartTimer", "HassTurnOn", "HassGetState");
        IntentScore.Tally turnOn = report.byIntent().get("HassTurnOn");
        assertThat(turnOn.sentences).isEqualTo(2);
        assertThat(turnOn.intentAccuracy()).isEqualTo(0.5);
        assertThat(turnOn.exactMatch()).isEqualTo(0.5);
        assertThat(turnOn.precision()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(turnOn.recall()).isEqualTo(1.0);
        IntentScore.Tally supported = report.supported();
        assertThat(supported.sentences).isEqualTo(3);
        assertThat(supported.intentCorrect).isEqualTo(1);
        assertThat(supported.slotsExpected).isEqualTo(3);
        assertThat(report.unsupported()).isEqualTo(2);
        assertThat(report.unsupportedShare()).isCloseTo(0.4, within(1e-9));
        assertThat(report.failures(10)).extracting(IntentsReport.SentenceResult::expectedIntent)
                .containsExactly("HassTurnOn", "HassGetState");
        assertThat(report.clientLatency().count()).isEqualTo(5);
        assertThat(report.replyLatency().p50()).isEqualTo(2.0);

        java.io.StringWriter text = new java.io.StringWriter();
        report.print(new java.io.PrintWriter(text), 5);
        assertThat(text.toString()).contains("unsupported: 2 of 5 sentences (40.0%)")
                .contains("read as a supported intent: {HassTurnOn=1}")
                .contains("== Mismatches (2 of 2, supported intents only)");
        assertThat(report.toJson()).containsEntry("unsupportedShare", 0.4).containsKey("results");
    }

    private static IntentsReport.SentenceResult result(String expected, Map<String, Object> expectedSlots,
                                                       String got, Map<String, Object> slots) {
        return new IntentsReport.SentenceResult("f.yaml", 1, "s", null, expected, expectedSlots,
                new HaIntents.Reading(got, slots, got == null ? null : "X", null), "PLANNED", "", 3.0, 2.0,
                IntentScore.score(expected, expectedSlots, got, slots));
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
