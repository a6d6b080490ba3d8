package io.twingraph.nl.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a sentence into mentions, left to right, taking the longest phrase that names something at each point:
 * a device, an area or floor, a kind of device, a state, a number or a colour. A device name that is also a word
 * for a kind of device ("Light") is read as the kind when it is plural or quantified ("any lights").
 */
final class Scanner {
    private static final Set<String> QUANTIFIERS = Set.of("any", "all", "every", "each", "which", "many", "the");
    private static final Set<String> PERCENT = Set.of("percent", "percentage", "pct");
    private static final Set<String> DEGREES = Set.of("degrees", "degree", "deg", "c", "f", "celsius", "fahrenheit");

    private Scanner() {
    }

    /**
     * @param verbAt index of a token that is a verb and must not be read as a noun ("lock" in "lock the door"), or -1
     */
    static List<Mention> scan(List<String> tokens, Lexicon lexicon, int verbAt) {
        List<String> stems = tokens.stream().map(Lexicon::stem).toList();
        List<Mention> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            Mention m = longest(tokens, stems, i, lexicon, verbAt);
            out.add(m);
            i = m.end();
        }
        return out;
    }

    private static Mention longest(List<String> tokens, List<String> stems, int i, Lexicon lexicon, int verbAt) {
        if (Utterance.isNumber(tokens.get(i))) {
            double value = Double.parseDouble(tokens.get(i));
            if (i + 1 < tokens.size() && PERCENT.contains(tokens.get(i + 1))) {
                return new Mention.Number(i, i + 2, value, "percent");
            }
            if (i + 1 < tokens.size() && DEGREES.contains(tokens.get(i + 1))) {
                return new Mention.Number(i, i + 2, value, "degrees");
            }
            return new Mention.Number(i, i + 1, value, "");
        }
        if (tokens.get(i).matches("#[0-9a-f]{6}")) {
            return new Mention.Color(i, i + 1, tokens.get(i));
        }
        int max = Math.min(tokens.size(), i + Lexicon.MAX_WORDS);
        for (int end = max; end > i; end--) {
            List<Lexicon.Entry> entries = lexicon.lookup(stems, i, end);
            String phrase = String.join(" ", stems.subList(i, end));
            String raw = String.join(" ", tokens.subList(i, end));
            Vocabulary.Noun noun = i == verbAt ? null : Vocabulary.NOUNS.get(phrase);
            List<Vocabulary.StateWord> state = Vocabulary.STATES.get(raw);
            String color = Vocabulary.COLORS.contains(raw) ? raw : null;
            if (!entries.isEmpty() && i != verbAt) {
                Mention named = named(entries, i, end, noun);
                boolean plural = !raw.equals(phrase);
                boolean quantified = i > 0 && QUANTIFIERS.contains(tokens.get(i - 1)) && !tokens.get(i - 1).equals("the");
                if (named instanceof Mention.Name n && noun != null && (plural || quantified)) {
                    return new Mention.Noun(i, end, noun, plural);
                }
                if (named instanceof Mention.Name && plural && quantifiedBefore(tokens, i)) {
                    // "which bedroom curtains are closed" asks about curtains in the bedroom, not "Bedroom Curtain"
                    continue;
                }
                if (named != null) {
                    return named;
                }
            }
            if (noun != null) {
                return new Mention.Noun(i, end, noun, !raw.equals(phrase));
            }
            if (state != null) {
                return new Mention.State(i, end, raw, state);
            }
            if (color != null) {
                return new Mention.Color(i, end, color);
            }
        }
        return new Mention.Word(i, i + 1, tokens.get(i));
    }

    private static boolean quantifiedBefore(List<String> tokens, int i) {
        for (int k = Math.max(0, i - 4); k < i; k++) {
            if (Set.of("which", "many", "any", "all", "every").contains(tokens.get(k))) {
                return true;
            }
        }
        return false;
    }

    /** Devices first, then an area, then a floor, when one phrase names several things. */
    private static Mention named(List<Lexicon.Entry> entries, int start, int end, Vocabulary.Noun noun) {
        for (Lexicon.Entry e : entries) {
            if (!e.devices().isEmpty()) {
                return new Mention.Name(start, end, e.devices(), e.label(), noun);
            }
        }
        for (Lexicon.Entry e : entries) {
            if (e.area() != null) {
                return new Mention.AreaRef(start, end, e.area());
            }
        }
        for (Lexicon.Entry e : entries) {
            if (e.floor() != null) {
                return new Mention.FloorRef(start, end, e.floor());
            }
        }
        return null;
    }
}
