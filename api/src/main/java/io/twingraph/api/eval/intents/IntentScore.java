package io.twingraph.api.eval.intents;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Scoring of one sentence and sums over many.
 *
 * <p>A slot value matches an expected one when both are numbers (or text that reads as one) of equal value
 * ({@code 50 == "50" == 50.0}), or else when their texts are equal ignoring case and surrounding spaces. An expected
 * value that is a list (Home Assistant's tests list alternatives) matches when any member does; YAML's unquoted
 * booleans match {@code on}/{@code off} and {@code true}/{@code false}.
 *
 * <p>Slots are scored as (slot, value) pairs: a predicted pair is correct when the expected slots have that slot
 * with a matching value. Precision = correct / predicted, recall = correct / expected. A sentence matches exactly
 * when the intent is right and every expected slot is predicted with a matching value and nothing else is.
 */
final class IntentScore {
    private IntentScore() {
    }

    /**
     * One sentence's score.
     *
     * @param intentCorrect the predicted intent is the expected one
     * @param exact         intent right and the slots equal (no missing, no extra, no wrong value)
     * @param correct       predicted (slot, value) pairs that are expected
     * @param predicted     predicted pairs
     * @param expected      expected pairs
     */
    record Sentence(boolean intentCorrect, boolean exact, int correct, int predicted, int expected) {
    }

    static Sentence score(String expectedIntent, Map<String, Object> expectedSlots, String predictedIntent,
                          Map<String, Object> predictedSlots) {
        boolean intentCorrect = expectedIntent != null && expectedIntent.equals(predictedIntent);
        int correct = 0;
        for (Map.Entry<String, Object> slot : predictedSlots.entrySet()) {
            if (expectedSlots.containsKey(slot.getKey()) && matches(expectedSlots.get(slot.getKey()), slot.getValue())) {
                correct++;
            }
        }
        boolean exact = intentCorrect && correct == expectedSlots.size() && correct == predictedSlots.size();
        return new Sentence(intentCorrect, exact, correct, predictedSlots.size(), expectedSlots.size());
    }

    /** Whether a predicted value matches an expected one (any alternative of a list). */
    static boolean matches(Object expected, Object actual) {
        if (expected instanceof Collection<?> alternatives) {
            return alternatives.stream().anyMatch(e -> matches(e, actual));
        }
        if (expected == null || actual == null) {
            return expected == actual;
        }
        BigDecimal e = HaTwins.number(expected).orElse(null);
        BigDecimal a = HaTwins.number(actual).orElse(null);
        if (e != null && a != null) {
            return e.compareTo(a) == 0;
        }
        if (expected instanceof Boolean b) {
            String t = text(actual);
            return b ? List.of("true", "on", "yes").contains(t) : List.of("false", "off", "no").contains(t);
        }
        return text(expected).equals(text(actual));
    }

    private static String text(Object value) {
        return String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    }

    /** Sums over sentences: counts, then accuracy, exact match and slot precision, recall, F1. */
    static final class Tally {
        int sentences;
        int intentCorrect;
        int exact;
        int slotsCorrect;
        int slotsPredicted;
        int slotsExpected;

        void add(Sentence s) {
            sentences++;
            intentCorrect += s.intentCorrect() ? 1 : 0;
            exact += s.exact() ? 1 : 0;
            slotsCorrect += s.correct();
            slotsPredicted += s.predicted();
            slotsExpected += s.expected();
        }

        void add(Tally t) {
            sentences += t.sentences;
            intentCorrect += t.intentCorrect;
            exact += t.exact;
            slotsCorrect += t.slotsCorrect;
            slotsPredicted += t.slotsPredicted;
            slotsExpected += t.slotsExpected;
        }

        double intentAccuracy() {
            return ratio(intentCorrect, sentences);
        }

        double exactMatch() {
            return ratio(exact, sentences);
        }

        double precision() {
            return ratio(slotsCorrect, slotsPredicted);
        }

        double recall() {
            return ratio(slotsCorrect, slotsExpected);
        }

        /** Harmonic mean of precision and recall, 2 correct / (predicted + expected); NaN when both are none. */
        double f1() {
            return ratio(2 * slotsCorrect, slotsPredicted + slotsExpected);
        }

        private static double ratio(int a, int b) {
            return b == 0 ? Double.NaN : (double) a / b;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tally t && sentences == t.sentences && intentCorrect == t.intentCorrect
                    && exact == t.exact && slotsCorrect == t.slotsCorrect && slotsPredicted == t.slotsPredicted
                    && slotsExpected == t.slotsExpected;
        }

        @Override
        public int hashCode() {
            return Objects.hash(sentences, intentCorrect, exact, slotsCorrect, slotsPredicted, slotsExpected);
        }
    }
}
