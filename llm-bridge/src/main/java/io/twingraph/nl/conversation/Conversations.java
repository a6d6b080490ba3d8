package io.twingraph.nl.conversation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.twingraph.nl.Interpretation;
import io.twingraph.nl.Interpretation.Intent;
import io.twingraph.nl.home.Area;
import io.twingraph.nl.home.Floor;
import io.twingraph.nl.home.Home;
import io.twingraph.nl.home.HomeDevice;
import io.twingraph.nl.parse.Parse;

/**
 * The last thing understood in each conversation, so that a follow-up can borrow from it: "and in the kitchen?"
 * repeats the last request somewhere else, "turn it off" acts on what was just talked about. Conversations are
 * forgotten after 30 minutes without a word; at most 10,000 are kept.
 */
public final class Conversations {
    private final Cache<String, Interpretation> last = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(30)).maximumSize(10_000).build();

    /** Remembers what a turn was understood to mean (turns not understood are not remembered). */
    public void remember(String conversation, Interpretation in) {
        if (in != null && in.intent() != Intent.UNKNOWN && in.intent() != Intent.CANCEL) {
            last.put(conversation, in);
        }
    }

    /** The interpretation of this turn, completed from the last one when it is a follow-up; else the parse's own. */
    public Interpretation followUp(String conversation, Parse parse, String text, Home home) {
        Interpretation now = parse.interpretation();
        Interpretation before = last.getIfPresent(conversation);
        if (before == null) {
            return now;
        }
        String t = " " + text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", " ").trim() + " ";
        boolean place = now.area() != null || now.floor() != null;
        boolean unresolved = now.intent() == Intent.UNKNOWN || now.confidence() < 0.5;
        if (unresolved && place && now.name() == null) {
            // "and in the kitchen?", "what about upstairs?"
            return elsewhere(before, now, home);
        }
        if (unresolved && now.name() != null && !now.things().isEmpty()) {
            // "and the bedroom lamp?"
            return new Interpretation(before.intent(), now.things(), now.name(), now.area(), now.floor(), now.kind(),
                    now.deviceClass(), before.state(), before.values(), 0.9, before.source());
        }
        boolean pronoun = t.matches(".* (it|them|that|those|these|this one|again) .*");
        if (pronoun && now.intent() != Intent.UNKNOWN && now.things().isEmpty() && now.name() == null && now.kind() == null) {
            // "turn it off", "is it on?"
            Map<String, Object> values = new LinkedHashMap<>(before.values());
            values.putAll(now.values());
            return new Interpretation(now.intent(), before.things(), before.name(), before.area(), before.floor(),
                    before.kind(), before.deviceClass(), now.state(), values, 0.9, now.source());
        }
        return now;
    }

    private static Interpretation elsewhere(Interpretation before, Interpretation now, Home home) {
        Area area = now.area() == null ? null : home.areas().stream().filter(a -> a.name().equals(now.area())).findFirst().orElse(null);
        Floor floor = now.floor() == null ? null : home.floors().stream().filter(f -> f.name().equals(now.floor())).findFirst().orElse(null);
        List<String> things = new ArrayList<>();
        for (HomeDevice d : home.devices()) {
            boolean inPlace = area != null ? d.area() == area : floor != null && d.floor() == floor;
            boolean sameKind = before.kind() == null || before.kind().equals(d.kind());
            boolean sameClass = before.deviceClass() == null || before.name() != null || before.deviceClass().equals(d.deviceClass());
            if (inPlace && sameKind && sameClass) {
                things.add(d.id());
            }
        }
        Map<String, Object> values = new LinkedHashMap<>(before.values());
        values.put("areaSource", "said");
        return new Interpretation(before.intent(), things, null, now.area(), area == null ? now.floor() : null,
                before.kind(), before.name() == null ? before.deviceClass() : null, before.state(), values, 0.9,
                before.source());
    }
}
