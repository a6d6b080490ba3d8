package io.twingraph.nl.link;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text that is embedded for a name or a phrase: lower case, single spaces, and a few abbreviations and
 * (mostly British) colloquial words replaced by the words the model knows. Applied to both sides, so "TV" and
 * "telly" both become "television".
 * <p>
 * Why a table at all: all-MiniLM-L6-v2 alone scores "telly" against "TV" at 0.26, below "cat" against "TV" (0.47), and
 * ranks "Bedroom lamp" (0.68) above "Living room light" (0.48) for "lamp in the lounge"; no threshold separates those.
 * With these replacements the first is 1.0 and the second 0.92 (ranked first). Only words the model measurably
 * misses belong here; it handles "washer", "heating", "smoke alarm", "coffee machine" on its own.
 */
final class Wording {

    private record Replacement(Pattern pattern, String with) {
    }

    // longest alternatives first inside each group; matched as whole words only
    private static final List<Replacement> REPLACEMENTS = List.of(
            replace("tellies|tvs|tellys", "televisions"),
            replace("telly|tellie|tele|tv|t\\.v\\.?", "television"),
            replace("fridges", "refrigerators"),
            replace("fridge", "refrigerator"),
            replace("sitting room|front room|family room|lounge", "living room"),
            replace("lamps", "lights"),
            replace("lamp", "light"),
            replace("air-con|air con|aircon|a/c|ac", "air conditioner"),
            replace("hoover", "vacuum cleaner"),
            replace("loo|wc", "bathroom"),
            replace("cooker", "oven"));

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Wording() {
    }

    /** The text to embed for {@code text}; empty if there is nothing to embed. */
    static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String t = SPACES.matcher(text.toLowerCase(Locale.ROOT).strip()).replaceAll(" ");
        for (Replacement r : REPLACEMENTS) {
            t = r.pattern().matcher(t).replaceAll(r.with());
        }
        return t;
    }

    private static Replacement replace(String alternatives, String with) {
        Pattern p = Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])");
        return new Replacement(p, Matcher.quoteReplacement(with));
    }
}
