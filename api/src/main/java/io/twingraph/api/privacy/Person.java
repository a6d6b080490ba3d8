package io.twingraph.api.privacy;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.engine.rules.facts.Goal;

/**
 * What identifies a person's data wherever it is kept: their subject, the twins that are theirs and the conversations
 * they had. The tests of "is this theirs" live here, once, for export and erasure alike.
 *
 * @param subject       the token subject
 * @param things        their twins
 * @param conversations ids of their conversations with {@code /api/nl}
 * @param ownPolicies   ids of the policies only their twins use: each twin's {@code policyId} and its own id (Ditto's
 *                      convention for a thing's own policy), unless another twin uses it too
 */
record Person(String subject, Set<ThingId> things, Set<String> conversations, Set<String> ownPolicies) {
    /** The attributes that say whose a twin is. */
    static final List<String> OWNER_ATTRIBUTES = List.of("person", "owner");

    Person {
        things = Set.copyOf(things);
        conversations = Set.copyOf(conversations);
        ownPolicies = Set.copyOf(ownPolicies);
    }

    /** The person's subject as Ditto policies and goal sources spell it. */
    String tag() {
        return "tg:" + subject;
    }

    /** Whether the twin's {@code person} or {@code owner} attribute is the subject (or {@code tg:<subject>}). */
    static boolean owns(String subject, Thing thing) {
        for (String key : OWNER_ATTRIBUTES) {
            Optional<JsonValue> v = thing.getAttributes().flatMap(a -> a.getValue(key));
            if (v.isPresent() && v.get().isString()
                    && (v.get().asString().equals(subject) || v.get().asString().equals("tg:" + subject))) {
                return true;
            }
        }
        return false;
    }

    /** A goal they set: through the API ({@code tg:<subject>}, maybe followed by the client's own word) or by speaking. */
    boolean setGoal(Goal goal) {
        return isTheirSource(goal.source());
    }

    private boolean isTheirSource(String source) {
        return source.equals(tag()) || source.startsWith(tag() + " ")
                || source.startsWith("conversation ") && conversations.contains(source.substring("conversation ".length()));
    }

    /**
     * Whether a decision's matched fact is about them: a goal they set ({@code Goal ..., set by <source>}) or one of
     * their things named as a word ({@code Device home1:presence-alice (...)}).
     */
    boolean inFact(String fact) {
        int by = fact.lastIndexOf(", set by ");
        if (fact.startsWith("Goal ") && by > 0 && isTheirSource(fact.substring(by + ", set by ".length()))) {
            return true;
        }
        return things.stream().anyMatch(t -> mentions(fact, t.toString()));
    }

    /** Whether a text (a dead letter's topic or payload) names one of their things. */
    boolean mentionsThing(String text) {
        return text != null && things.stream().anyMatch(t -> mentions(text, t.toString()));
    }

    /** The text names {@code name} as a whole word: {@code home1:presence-alice} is not in {@code home1:presence-alice2}. */
    static boolean mentions(String text, String name) {
        return word(name).matcher(text).find();
    }

    static Pattern word(String name) {
        return Pattern.compile("(?<![\\w.@:-])" + Pattern.quote(name) + "(?![\\w.@:-])");
    }

    /** All names that identify them in free text, longest first (a thing id contains the subject). */
    List<String> names() {
        java.util.List<String> names = new java.util.ArrayList<>();
        things.forEach(t -> names.add(t.toString()));
        names.add(tag());
        names.add(subject);
        names.sort(java.util.Comparator.comparingInt(String::length).reversed());
        return names;
    }

    static Set<ThingId> ids(Collection<Thing> things) {
        return things.stream().map(t -> t.getEntityId().orElseThrow()).collect(java.util.stream.Collectors.toSet());
    }

    /** The policies of {@code theirs} that none of {@code others} uses. */
    static Set<String> ownPolicies(Collection<Thing> theirs, Collection<Thing> all) {
        Set<String> own = new java.util.HashSet<>();
        theirs.forEach(t -> {
            own.add(t.getEntityId().orElseThrow().toString());
            t.getPolicyId().ifPresent(p -> own.add(p.toString()));
        });
        Set<ThingId> mine = ids(theirs);
        all.stream().filter(t -> !mine.contains(t.getEntityId().orElseThrow()))
                .forEach(t -> t.getPolicyId().ifPresent(p -> own.remove(p.toString())));
        return own;
    }
}
