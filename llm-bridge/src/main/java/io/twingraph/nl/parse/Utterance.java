package io.twingraph.nl.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sentence made ready for matching: lower case, contractions expanded, punctuation dropped (and tokens that are
 * punctuation only), {@code %} and {@code °} spelled out, and numbers written in words turned into digits
 * ("twenty point five" is {@code 20.5}).
 */
final class Utterance {
    private static final Map<String, String> CONTRACTIONS = Map.ofEntries(
            Map.entry("what's", "what is"), Map.entry("where's", "where is"), Map.entry("how's", "how is"),
            Map.entry("who's", "who is"), Map.entry("it's", "it is"), Map.entry("that's", "that is"),
            Map.entry("there's", "there is"), Map.entry("isn't", "is not"), Map.entry("aren't", "are not"),
            Map.entry("don't", "do not"), Map.entry("doesn't", "does not"), Map.entry("i'm", "i am"),
            Map.entry("we're", "we are"), Map.entry("let's", "let us"), Map.entry("can't", "can not"),
            Map.entry("won't", "will not"), Map.entry("i'd", "i would"), Map.entry("nevermind", "never mind"));
    private static final Map<String, Integer> UNITS = Map.ofEntries(
            Map.entry("zero", 0), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4),
            Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9),
            Map.entry("ten", 10), Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13),
            Map.entry("fourteen", 14), Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17),
            Map.entry("eighteen", 18), Map.entry("nineteen", 19));
    private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
            "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern GLUED = Pattern.compile("(\\d)(%|°|percent\\b|degrees?\\b|c\\b|f\\b)");

    final String original;
    final List<String> tokens;

    private Utterance(String original, List<String> tokens) {
        this.original = original;
        this.tokens = tokens;
    }

    static Utterance of(String text) {
        String s = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u2018', '\'');
        Matcher glued = GLUED.matcher(s);
        s = glued.replaceAll("$1 $2");
        s = s.replace("%", " percent ").replace("°", " degrees ");
        // keep decimal points and # colours, drop other punctuation
        s = s.replaceAll("(?<!\\d)\\.|\\.(?!\\d)", " ").replaceAll("[^a-z0-9#'.\\-/ ]", " ");
        List<String> words = new ArrayList<>();
        for (String w : s.trim().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            String expanded = CONTRACTIONS.get(w);
            if (expanded != null) {
                words.addAll(List.of(expanded.split(" ")));
                continue;
            }
            String word = w.replace("'s", "").replace("'", "");
            // a stray quote, dash or slash is no word; kept, it would count as an unknown word and lower the confidence
            if (word.chars().anyMatch(Character::isLetterOrDigit)) {
                words.add(word);
            }
        }
        return new Utterance(text, numbers(words));
    }

    static boolean isNumber(String token) {
        return NUMBER.matcher(token).matches();
    }

    /** Number words to digits: "one hundred" 100, "twenty one" 21, "twenty point five" 20.5, "a hundred" 100. */
    private static List<String> numbers(List<String> words) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            int start = i;
            long value = -1;
            while (i < words.size()) {
                String w = words.get(i);
                if (UNITS.containsKey(w) && (value < 0 || value % 10 == 0 && value >= 20 && value % 100 != 0 || value % 100 == 0)) {
                    value = Math.max(value, 0) + UNITS.get(w);
                    i++;
                } else if (TENS.containsKey(w) && (value < 0 || value % 100 == 0)) {
                    value = Math.max(value, 0) + TENS.get(w);
                    i++;
                } else if (w.equals("hundred") && (value > 0 && value < 10 || value < 0 && i > start)) {
                    value = value * 100;
                    i++;
                } else if (w.equals("hundred") && value < 0 && start > 0 && words.get(start - 1).equals("a")) {
                    out.remove(out.size() - 1);
                    value = 100;
                    i++;
                } else {
                    break;
                }
            }
            if (value < 0) {
                out.add(words.get(i));
                i++;
                continue;
            }
            String number = Long.toString(value);
            if (i + 1 < words.size() && words.get(i).equals("point") && UNITS.containsKey(words.get(i + 1))) {
                number = number + "." + UNITS.get(words.get(i + 1));
                i += 2;
            }
            out.add(number);
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return String.join(" ", tokens);
    }
}
