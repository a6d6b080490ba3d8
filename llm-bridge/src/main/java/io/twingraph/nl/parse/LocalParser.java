package io.twingraph.nl.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.twingraph.nl.Interpretation;
import io.twingraph.nl.Interpretation.Intent;
import io.twingraph.nl.home.Area;
import io.twingraph.nl.home.Floor;
import io.twingraph.nl.home.Home;
import io.twingraph.nl.home.HomeDevice;

/**
 * The local, deterministic parser: English commands, questions and goals about one home, with no network and in well
 * under a millisecond. It finds the names the home knows (devices, areas, floors), words for kinds of devices and
 * their states, numbers and colours, then decides the intent from the verbs and question words around them. It reports
 * what it did not understand (unknown words lower the confidence) rather than guessing.
 *
 * <p>Thread-safe: the lexicon of the latest home is built once and shared.
 */
public final class LocalParser {
    private static final Set<String> FILLERS = Set.of("please", "hey", "ok", "okay", "so", "now", "just", "kindly");
    private static final List<List<String>> POLITE = List.of(List.of("can", "you"), List.of("could", "you"),
            List.of("would", "you"), List.of("will", "you"), List.of("i", "want", "to"), List.of("i", "would", "like", "to"),
            List.of("i", "want"), List.of("make", "sure"), List.of("go", "ahead", "and"));
    private static final Set<String> VERBS = Set.of("lock", "unlock", "open", "close", "shut", "switch", "turn", "set",
            "light", "start", "run", "activate", "deactivate", "change", "make", "dim", "brighten", "raise", "lower",
            "enable", "disable", "put", "bring", "transition", "keep", "maintain", "hold", "lift");
    private static final Set<String> ON_VERBS = Set.of("activate", "enable", "start", "run", "transition");
    private static final Set<String> OFF_VERBS = Set.of("deactivate", "disable", "kill");
    private static final Set<String> MAX_WORDS = Set.of("max", "maximum", "highest", "full", "brightest");
    private static final Set<String> MIN_WORDS = Set.of("min", "minimum", "lowest", "dimmest");
    private static final Set<String> TEMPERATURE_WORDS = Set.of("temperature", "temp", "degrees", "warm", "warmer",
            "hot", "cold", "cool", "heat");
    /** Words that carry no meaning of their own here; any other unmatched word lowers the confidence. */
    private static final Set<String> STOP = Set.of(
            "the", "a", "an", "my", "our", "your", "all", "of", "in", "at", "on", "to", "for", "me", "it", "its",
            "is", "are", "be", "there", "any", "every", "each", "single", "and", "up", "with", "right", "now",
            "currently", "turn", "set", "change", "make", "switch", "please", "you", "can", "could", "would", "will",
            "i", "we", "want", "like", "sure", "that", "this", "these", "those", "them", "here", "everywhere",
            "room", "rooms", "area", "areas", "space", "house", "home", "apartment", "flat", "entire", "whole",
            "throughout", "across", "over", "what", "which", "how", "many", "who", "where", "tell", "if", "do",
            "does", "have", "has", "value", "state", "status", "current", "brightness", "color", "colour",
            "position", "percent", "degrees", "temperature", "temp", "by", "from", "off", "out", "activate",
            "deactivate", "open", "close", "lock", "unlock", "run", "start", "transition", "bring", "put", "keep",
            "maintain", "let", "us", "go", "ahead", "again", "too", "also", "then", "device", "devices", "thing",
            "things", "anything", "something", "everything", "was", "were", "get", "give", "show", "list", "know",
            "level", "lights", "light", "securely", "while", "when", "am", "occupied", "someone", "somebody", "or",
            "not", "mode", "shut", "down", "high", "low", "raise", "lower", "dim", "brighten", "lift", "enable",
            "disable", "kill", "hold", "during", "stay", "stays", "remain", "cooler", "warmer", "hotter", "colder",
            "than", "just", "fully", "completely", "halfway", "half", "way", "much", "far", "same", "about", "else");

    private volatile Lexicon lexicon = new Lexicon(Home.EMPTY);

    /**
     * Parses one sentence.
     *
     * @param speakerArea the area the speaker is in, or null
     */
    private static final Set<String> LIGHT_WORDS = Set.of("brightness", "bright", "brighter", "brighten", "brightest",
            "dim", "dimmer", "dimmed", "lighting", "light", "lights");

    public Parse parse(String text, Home home, Area speakerArea) {
        Lexicon lex = lexicon;
        if (lex.home != home) {
            lex = new Lexicon(home);
            lexicon = lex;
        }
        Utterance u = Utterance.of(text);
        List<String> t = u.tokens;
        if (t.isEmpty()) {
            return unknown(List.of());
        }
        String joined = " " + String.join(" ", t) + " ";
        if (joined.matches(" (never mind|cancel|cancel that|forget it|nothing|forget about it)( please)? ")) {
            return new Parse(interpretation(Intent.CANCEL, List.of(), null, null, null, null, null, null, Map.of(), 1.0),
                    List.of(), List.of());
        }
        int first = firstContent(t);
        if (first >= t.size()) {
            return unknown(List.of());
        }
        boolean question = isQuestion(t, first);
        int verbAt = !question && VERBS.contains(t.get(first)) && !lightAsNoun(t, first) ? first : -1;
        List<Mention> ms = Scanner.scan(t, lex, verbAt);
        return new Sentence(t, joined, first, question, verbAt, ms, home, speakerArea).parse();
    }

    /** "light" opens a command as a verb only in "light up" and "light it up". */
    private static boolean lightAsNoun(List<String> t, int first) {
        return t.get(first).equals("light") && !(first + 1 < t.size() && (t.get(first + 1).equals("up") || t.get(first + 1).equals("it")));
    }

    private static int firstContent(List<String> t) {
        int i = 0;
        boolean moved = true;
        while (moved && i < t.size()) {
            moved = false;
            if (FILLERS.contains(t.get(i))) {
                i++;
                moved = true;
                continue;
            }
            for (List<String> p : POLITE) {
                if (i + p.size() <= t.size() && t.subList(i, i + p.size()).equals(p)) {
                    i += p.size();
                    moved = true;
                    break;
                }
            }
        }
        return i;
    }

    private static boolean isQuestion(List<String> t, int first) {
        String w = t.get(first);
        if (w.equals("tell") || w.equals("show") || w.equals("list")) {
            return true;
        }
        if (w.equals("is") || w.equals("are")) {
            return true;
        }
        return Vocabulary.QUESTION_STARTS.contains(w) && !(w.equals("do") && first + 1 < t.size() && t.get(first + 1).equals("not"));
    }

    private static Parse unknown(List<String> words) {
        return new Parse(interpretation(Intent.UNKNOWN, List.of(), null, null, null, null, null, null, Map.of(), 0.0),
                List.of(), words);
    }

    static Interpretation interpretation(Intent intent, List<String> things, String name, String area, String floor,
                                        String kind, String deviceClass, String state, Map<String, Object> values,
                                        double confidence) {
        return new Interpretation(intent, things, name, area, floor, kind, deviceClass, state, values, confidence, "local");
    }

    /** One sentence being parsed: its mentions, and what they add up to. */
    private static final class Sentence {
        final List<String> t;
        final String joined;
        final int first;
        final boolean question;
        final int verbAt;
        final Home home;
        final Area speaker;
        final List<Mention.Name> names = new ArrayList<>();
        final List<Mention.AreaRef> areas = new ArrayList<>();
        final List<Mention.FloorRef> floors = new ArrayList<>();
        final List<Mention.Noun> nouns = new ArrayList<>();
        final List<Mention.State> states = new ArrayList<>();
        final List<Mention.Number> numbers = new ArrayList<>();
        final List<Mention.Color> colors = new ArrayList<>();
        final List<String> words = new ArrayList<>();
        final List<Mention> mentions;

        Sentence(List<String> t, String joined, int first, boolean question, int verbAt, List<Mention> ms, Home home,
                 Area speaker) {
            this.t = t;
            this.joined = joined;
            this.first = first;
            this.question = question;
            this.verbAt = verbAt;
            this.home = home;
            this.speaker = speaker;
            this.mentions = ms;
            for (Mention m : ms) {
                if (m instanceof Mention.Name n) {
                    names.add(n);
                } else if (m instanceof Mention.AreaRef a) {
                    areas.add(a);
                } else if (m instanceof Mention.FloorRef f) {
                    floors.add(f);
                } else if (m instanceof Mention.Noun n) {
                    nouns.add(n);
                } else if (m instanceof Mention.State s) {
                    states.add(s);
                } else if (m instanceof Mention.Number n) {
                    numbers.add(n);
                } else if (m instanceof Mention.Color c) {
                    colors.add(c);
                } else if (m instanceof Mention.Word w) {
                    words.add(w.word());
                }
            }
        }

        boolean has(String phrase) {
            return joined.contains(" " + phrase + " ");
        }

        boolean hasWord(Set<String> set) {
            for (String w : t) {
                if (set.contains(w)) {
                    return true;
                }
            }
            return false;
        }

        boolean hasAny(List<String> phrases) {
            for (String p : phrases) {
                if (has(p)) {
                    return true;
                }
            }
            return false;
        }

        String verb() {
            return verbAt >= 0 ? t.get(verbAt) : "";
        }

        Parse parse() {
            if (!question && (verb().equals("keep") || verb().equals("maintain") || verb().equals("hold"))) {
                return goal();
            }
            Intent intent = question ? questionIntent() : commandIntent();
            if (intent == Intent.UNKNOWN) {
                return unknownHere();
            }
            return resolve(intent);
        }

        /** Not understood, but with the places and names it mentions (a follow-up such as "and in the kitchen?"). */
        Parse unknownHere() {
            List<HomeDevice> named = new ArrayList<>();
            names.forEach(n -> named.addAll(n.devices()));
            return new Parse(interpretation(Intent.UNKNOWN, ids(named), names.isEmpty() ? null : names.get(0).label(),
                    areas.isEmpty() ? null : areas.get(0).area().name(), floors.isEmpty() ? null : floors.get(0).floor().name(),
                    named.isEmpty() ? null : named.get(0).kind(), null, null, Map.of(), 0.0), List.of(), unknownWords());
        }

        // ---- intents ----

        Intent questionIntent() {
            String q = t.get(first);
            String next = first + 1 < t.size() ? t.get(first + 1) : "";
            if (q.equals("how") && next.equals("many")) {
                return Intent.COUNT;
            }
            boolean temperature = hasWord(Set.of("temperature", "temp")) || q.equals("how") && hasWord(Set.of("hot", "warm", "cold", "cool"));
            boolean namedSensor = names.stream().anyMatch(n -> n.devices().stream().anyMatch(d -> d.kind().equals("sensor")));
            if (temperature && !namedSensor) {
                return Intent.GET_VALUE;
            }
            if (q.equals("which") || q.equals("who") || q.equals("list")
                    || q.equals("what") && !next.equals("is") && !next.equals("was") && (!nouns.isEmpty() || has("updates"))) {
                return Intent.LIST;
            }
            return Intent.GET_STATE;
        }

        Intent commandIntent() {
            String v = verb();
            boolean offWord = t.contains("off") || OFF_VERBS.contains(v) || has("shut down") || t.get(t.size() - 1).equals("out")
                    || has("out please");
            boolean onWord = onAsParticle() || ON_VERBS.contains(v) || v.equals("light") || has("change to")
                    || has("switch to");
            boolean value = !numbers.isEmpty() || !colors.isEmpty() || hasWord(MAX_WORDS) || hasWord(MIN_WORDS)
                    || hasWord(Set.of("brightness"));
            if (v.equals("unlock")) {
                return Intent.UNLOCK;
            }
            if (v.equals("lock")) {
                return Intent.LOCK;
            }
            if (value && !offWord) {
                if (!colors.isEmpty()) {
                    return Intent.SET_COLOR;
                }
                boolean climate = nouns.stream().anyMatch(n -> n.noun().kinds().contains("climate"))
                        || names.stream().anyMatch(n -> n.devices().stream().anyMatch(d -> d.kind().equals("climate")));
                if (hasWord(TEMPERATURE_WORDS) || climate || numbers.stream().anyMatch(n -> n.unit().equals("degrees"))) {
                    return numbers.isEmpty() ? Intent.UNKNOWN : Intent.SET_TEMPERATURE;
                }
                boolean cover = nouns.stream().anyMatch(n -> n.noun().kinds().get(0).equals("cover"))
                        || names.stream().anyMatch(n -> n.devices().stream().anyMatch(d -> d.kind().equals("cover")));
                if (t.contains("position") || cover || v.equals("open") || v.equals("close")) {
                    return Intent.SET_POSITION;
                }
                // a bare number is not a brightness: "start a 5 minute timer", "set the volume to 90"
                boolean light = hasWord(LIGHT_WORDS) || nouns.stream().anyMatch(n -> n.noun().kinds().contains("light"))
                        || names.stream().anyMatch(n -> n.devices().stream().anyMatch(d -> d.kind().equals("light")))
                        || numbers.stream().anyMatch(n -> n.unit().equals("percent")) && unknownWords().isEmpty();
                return light ? Intent.SET_BRIGHTNESS : Intent.UNKNOWN;
            }
            if (v.equals("open") || v.equals("raise") || v.equals("lift")) {
                return Intent.OPEN;
            }
            if ((v.equals("close") || v.equals("lower") || v.equals("shut")) && !offWord) {
                return Intent.CLOSE;
            }
            if (offWord && !onWord) {
                return Intent.TURN_OFF;
            }
            if (onWord) {
                return Intent.TURN_ON;
            }
            // "change the kitchen to the party mode scene"
            if (Set.of("change", "switch", "set", "put").contains(v) && names.stream()
                    .anyMatch(n -> n.devices().stream().anyMatch(d -> d.kind().equals("scene")))) {
                return Intent.TURN_ON;
            }
            if (v.equals("shut")) {
                return Intent.TURN_OFF;
            }
            // a bare name ("overhead light") asks for it on
            if (v.isEmpty() && (!names.isEmpty() || !nouns.isEmpty()) && unknownWords().isEmpty()) {
                return Intent.TURN_ON;
            }
            return Intent.UNKNOWN;
        }

        /** "on" as in "turn the light on", not as in "the lights on the first floor". */
        boolean onAsParticle() {
            for (int i = 0; i < t.size(); i++) {
                if (!t.get(i).equals("on")) {
                    continue;
                }
                Mention after = mentionAfter(i);
                if (after instanceof Mention.AreaRef || after instanceof Mention.FloorRef) {
                    Mention then = mentionAfter(after.end() - 1);
                    if (!(then instanceof Mention.Noun || then instanceof Mention.Name)) {
                        continue;
                    }
                }
                return true;
            }
            return false;
        }

        /** The first mention after token i that is not a filler word. */
        Mention mentionAfter(int i) {
            for (Mention m : mentions) {
                if (m.start() > i && !(m instanceof Mention.Word w && Set.of("the", "my", "our").contains(w.word()))) {
                    return m;
                }
            }
            return null;
        }

        // ---- what the request is about ----

        Parse resolve(Intent intent) {
            Map<String, Object> values = new LinkedHashMap<>();
            Area saidArea = areas.isEmpty() ? null : areas.get(0).area();
            Floor floor = floors.isEmpty() ? null : floors.get(0).floor();
            Area area = saidArea;
            boolean everywhere = hasAny(Vocabulary.EVERYWHERE);
            boolean here = hasAny(Vocabulary.HERE);
            if (area != null) {
                values.put("areaSource", "said");
            } else if (floor == null && speaker != null && (here || !question && !everywhere && names.isEmpty())) {
                area = speaker;
                values.put("areaSource", "speaker");
            }
            if (everywhere) {
                values.put("scope", "everywhere");
            }
            quantifier(values);

            // named devices, unless the name reads better as a kind of device for this request
            List<HomeDevice> named = new ArrayList<>();
            String name = null;
            List<Mention.Noun> kindNouns = new ArrayList<>(nouns);
            for (Mention.Name n : names) {
                List<HomeDevice> able = n.devices().stream().filter(d -> able(d, intent)).toList();
                if (able.isEmpty() && n.alternative() == null) {
                    // "lock the front door": the door's contact has the name, the lock beside it can do the job
                    able = namedAlike(n.label(), d -> able(d, intent));
                }
                if (question && !states.isEmpty() && n.alternative() == null && state(null, null, able.isEmpty() ? n.devices() : able) == null) {
                    // "is the front door locked": the contact can't be locked, the lock named alike can
                    List<HomeDevice> fit = namedAlike(n.label(), d -> state(null, null, List.of(d)) != null);
                    able = fit.isEmpty() ? able : fit;
                }
                if (able.isEmpty() && n.alternative() != null) {
                    kindNouns.add(new Mention.Noun(n.start(), n.end(), n.alternative(), false));
                    continue;
                }
                named.addAll(able.isEmpty() ? n.devices() : able);
                name = name == null ? n.label() : name;
            }

            String kind;
            String deviceClass = null;
            String state = null;
            List<HomeDevice> targets;
            if (!named.isEmpty()) {
                List<HomeDevice> inPlace = named.stream().filter(d -> (saidArea == null || d.area() == saidArea)
                        && (floor == null || saidArea != null || d.floor() == floor)).toList();
                targets = inPlace.isEmpty() ? named : inPlace;
                targets = narrowByClassWords(targets, kindNouns);
                StateChoice sc = state(targets.get(0).kind(), targets.get(0).deviceClass(), targets);
                if (sc != null) {
                    targets = sc.devices;
                    state = sc.state;
                } else if (question && targets.get(0).kind().equals("binary_sensor") && kindNouns.stream()
                        .anyMatch(n -> !n.noun().deviceClass().isEmpty())) {
                    state = "on";   // "are there any problems with the pet feeder"
                }
                kind = targets.get(0).kind();
                deviceClass = targets.get(0).deviceClass().isEmpty() ? null : targets.get(0).deviceClass();
                Area a = "said".equals(values.get("areaSource")) ? area : null;
                if (a == null) {
                    values.remove("areaSource");
                }
                if (targets.size() > 1 && needsOne(intent) && distinctNames(targets)) {
                    // the question back ("which phone?") keeps the value said: the answer completes this request
                    values(intent, values);
                    return new Parse(interpretation(intent, ids(targets), name, a == null ? null : a.name(), null,
                            kind, deviceClass, state, values, 0.5), targets, unknownWords());
                }
                return done(intent, targets, name, a, floor, kind, deviceClass, state, values);
            }

            // a kind of device, in a place
            Mention.Noun noun = kindNouns.isEmpty() ? null : kindNouns.get(0);
            List<HomeDevice> scope = inScope(area, floor);
            kind = chooseKind(intent, noun, scope);
            if (kind == null) {
                // "turn it off": an intent without a target, which a conversation may complete
                values(intent, values);
                return new Parse(interpretation(intent, List.of(), null, area == null ? null : area.name(),
                        floor == null ? null : floor.name(), null, null, null, values, 0.4), List.of(), unknownWords());
            }
            deviceClass = noun == null ? null : classFor(kind, noun.noun().deviceClass());
            StateChoice sc = stateForKind(kind, deviceClass);
            if (sc != null) {
                state = sc.state;
                if (sc.deviceClass != null && (deviceClass == null || kind.equals("binary_sensor"))) {
                    deviceClass = sc.deviceClass;
                }
                if (!kind.equals(sc.kind)) {
                    // "which lights are detected": light sensing, a binary sensor of class light
                    deviceClass = deviceClass == null ? kind : deviceClass;
                    kind = sc.kind;
                }
            } else if (question && kind.equals("binary_sensor") && deviceClass != null) {
                state = "on";   // "is there any smoke in the kitchen"
            } else if (question && kind.equals("person") && t.contains("home")) {
                state = "home";
            }
            String k = kind;
            String c = deviceClass;
            targets = scope.stream().filter(d -> d.kind().equals(k) && (c == null || c.equals(d.deviceClass())
                    || k.equals("cover") && c.equals("garage") && d.deviceClass().equals("garage_door"))).toList();
            if (targets.isEmpty() && intent == Intent.GET_VALUE && noun == null) {
                // "what's the temperature in the kitchen" where no thermostat is: whatever measures it there
                targets = scope.stream().filter(Sentence::measuresTemperature).toList();
                kind = targets.isEmpty() ? kind : targets.get(0).kind();
            }
            return done(intent, targets, null, area, floor, kind, deviceClass, state, values);
        }

        Parse done(Intent intent, List<HomeDevice> targets, String name, Area area, Floor floor, String kind,
                   String deviceClass, String state, Map<String, Object> values) {
            values(intent, values);
            List<String> unknown = unknownWords();
            double confidence = Math.max(0.2, 1.0 - 0.25 * unknown.size());
            return new Parse(interpretation(intent, ids(targets), name, area == null ? null : area.name(),
                    floor == null ? null : floor.name(), kind, deviceClass, state, values, confidence), List.of(), unknown);
        }

        void quantifier(Map<String, Object> values) {
            if (has("how many")) {
                values.put("quantifier", "count");
            } else if (t.get(first).equals("which") || t.get(first).equals("who")) {
                values.put("quantifier", "which");
            } else if (question && (t.contains("all") || t.contains("everyone") || t.contains("everybody") || t.contains("every"))) {
                values.put("quantifier", "all");
            } else if (question && (t.contains("any") || t.contains("anyone") || t.contains("anybody") || t.contains("anything"))) {
                values.put("quantifier", "any");
            }
        }

        void values(Intent intent, Map<String, Object> values) {
            switch (intent) {
                case SET_BRIGHTNESS, SET_POSITION -> {
                    if (!numbers.isEmpty()) {
                        values.put(intent == Intent.SET_BRIGHTNESS ? "brightness" : "position", whole(numbers.get(0).value()));
                    } else if (hasWord(MAX_WORDS)) {
                        values.put(intent == Intent.SET_BRIGHTNESS ? "brightness" : "position", 100);
                    } else if (hasWord(MIN_WORDS)) {
                        values.put(intent == Intent.SET_BRIGHTNESS ? "brightness" : "position", intent == Intent.SET_BRIGHTNESS ? 1 : 0);
                    }
                }
                case SET_COLOR -> values.put("color", colors.get(0).color());
                case SET_TEMPERATURE -> values.put("temperature", whole(numbers.get(0).value()));
                case GET_VALUE -> values.put("quantity", "temperature");
                default -> {
                }
            }
        }

        static Object whole(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e9 ? (Object) (int) v : (Object) v;
        }

        Parse goal() {
            // "keep the office at 21 while I'm there": a target for a room, always or while occupied
            Area area = areas.isEmpty() ? speaker : areas.get(0).area();
            if (area == null && !names.isEmpty() && names.get(0).devices().get(0).area() != null) {
                area = names.get(0).devices().get(0).area();
            }
            if (numbers.isEmpty()) {
                return unknown(unknownWords());
            }
            String quantity = t.contains("humidity") ? "humidity" : t.contains("co2") ? "co2" : "temperature";
            boolean occupied = has("while i am there") || has("while i am here") || has("when i am there")
                    || has("when i am here") || has("while occupied") || has("when occupied") || has("while someone is there")
                    || has("when someone is there") || has("while i am in") || has("when i am in") || has("while there");
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("quantity", quantity);
            values.put("target", whole(numbers.get(0).value()));
            values.put("when", occupied ? "occupied" : "always");
            double confidence = area == null ? 0.3 : 1.0;
            return new Parse(interpretation(Intent.SET_GOAL, List.of(), null, area == null ? null : area.name(),
                    null, null, null, null, values, confidence), List.of(), List.of());
        }

        // ---- helpers ----

        static boolean measuresTemperature(HomeDevice d) {
            return d.properties().entrySet().stream()
                    .anyMatch(e -> e.getKey().endsWith("/temperature") && e.getValue() instanceof Number);
        }

        /** Whether a device can do what the intent asks (any device can be asked about). */
        static boolean able(HomeDevice d, Intent intent) {
            return switch (intent) {
                case TURN_ON, TURN_OFF -> !Set.of("sensor", "binary_sensor", "person").contains(d.kind());
                case OPEN, CLOSE, SET_POSITION -> Set.of("cover", "valve").contains(d.kind());
                case LOCK, UNLOCK -> d.kind().equals("lock");
                case SET_BRIGHTNESS, SET_COLOR -> d.kind().equals("light");
                case SET_TEMPERATURE -> d.kind().equals("climate");
                default -> true;
            };
        }

        /** Devices that can do what is asked whose name or an alias contains the whole label said. */
        List<HomeDevice> namedAlike(String label, java.util.function.Predicate<HomeDevice> can) {
            String said = " " + label.toLowerCase(Locale.ROOT) + " ";
            List<HomeDevice> out = new ArrayList<>();
            for (HomeDevice d : home.devices()) {
                if (!can.test(d)) {
                    continue;
                }
                List<String> names = new ArrayList<>(d.aliases());
                names.add(d.name());
                if (names.stream().anyMatch(x -> (" " + x.toLowerCase(Locale.ROOT) + " ").contains(said))) {
                    out.add(d);
                }
            }
            return out;
        }

        static boolean needsOne(Intent intent) {
            return intent != Intent.LIST && intent != Intent.COUNT;
        }

        static boolean distinctNames(List<HomeDevice> ds) {
            return ds.stream().map(HomeDevice::id).distinct().count() > 1
                    && ds.stream().map(d -> d.kind() + "/" + d.deviceClass()).distinct().count() > 1;
        }

        /** Several devices share the name: the kind or class words said pick among them ("the phone battery"). */
        List<HomeDevice> narrowByClassWords(List<HomeDevice> devices, List<Mention.Noun> kindNouns) {
            if (devices.size() < 2 || kindNouns.isEmpty()) {
                return devices;
            }
            for (Mention.Noun n : kindNouns) {
                List<HomeDevice> fit = devices.stream().filter(d -> n.noun().kinds().contains(d.kind())
                        && (n.noun().deviceClass().isEmpty() || n.noun().deviceClass().equals(d.deviceClass()))).toList();
                if (!fit.isEmpty()) {
                    return fit;
                }
            }
            return devices;
        }

        record StateChoice(String kind, String deviceClass, String state, List<HomeDevice> devices) {
        }

        /** The state said about named devices, and those of them it can describe. */
        StateChoice state(String kind, String deviceClass, List<HomeDevice> devices) {
            if (states.isEmpty() || !question) {
                return null;
            }
            for (Mention.State s : states) {
                for (Vocabulary.StateWord sw : s.senses()) {
                    List<HomeDevice> fit = devices.stream().filter(d -> fits(sw, d.kind(), d.deviceClass())).toList();
                    if (!fit.isEmpty()) {
                        return new StateChoice(fit.get(0).kind(), fit.get(0).deviceClass(), sw.state(), fit);
                    }
                }
            }
            return null;
        }

        /** The state said about a kind of device; may turn the kind into a binary sensor ("lights detected"). */
        StateChoice stateForKind(String kind, String deviceClass) {
            if (states.isEmpty() || !question) {
                return null;
            }
            for (Mention.State s : states) {
                for (Vocabulary.StateWord sw : s.senses()) {
                    if (fits(sw, kind, deviceClass == null ? "" : deviceClass)) {
                        return new StateChoice(kind, sw.deviceClass().isEmpty() || sw.deviceClass().equals("*") ? null : sw.deviceClass(),
                                sw.state(), List.of());
                    }
                }
            }
            for (Mention.State s : states) {
                for (Vocabulary.StateWord sw : s.senses()) {
                    if (sw.kind().equals("binary_sensor")) {
                        return new StateChoice("binary_sensor", sw.deviceClass().equals("*") ? null : sw.deviceClass(),
                                sw.state(), List.of());
                    }
                }
            }
            return null;
        }

        /** Whether a state word can describe a device of this kind and class (null or empty: any class). */
        static boolean fits(Vocabulary.StateWord sw, String kind, String deviceClass) {
            if (sw.kind().isEmpty()) {
                return true;
            }
            if (!sw.kind().equals(kind)) {
                return false;
            }
            // classFor gives null for a noun without a class ("which sensors are closed" threw an NPE here)
            return sw.deviceClass().isEmpty() || sw.deviceClass().equals("*") || deviceClass == null
                    || deviceClass.isEmpty() || sw.deviceClass().equals(deviceClass);
        }

        /** The kind the request is about: the noun's, the one the intent implies, or the one a state word implies. */
        String chooseKind(Intent intent, Mention.Noun noun, List<HomeDevice> scope) {
            if (noun == null && t.get(first).equals("who")) {
                return "person";
            }
            List<String> kinds = noun == null ? List.of() : noun.noun().kinds();
            if (noun == null && hasWord(Vocabulary.GENERIC) || noun == null && question && !states.isEmpty()) {
                StateChoice sc = stateForKind("binary_sensor", "");
                if (sc != null) {
                    return sc.kind;
                }
            }
            List<String> preferred = switch (intent) {
                case LOCK, UNLOCK -> List.of("lock");
                case OPEN, CLOSE, SET_POSITION -> List.of("cover", "valve");
                case SET_BRIGHTNESS, SET_COLOR -> List.of("light");
                case SET_TEMPERATURE, GET_VALUE -> List.of("climate");
                case TURN_ON, TURN_OFF -> verb().equals("light") ? List.of("light") : List.of();
                default -> List.of();
            };
            if (kinds.isEmpty()) {
                return preferred.isEmpty() ? null : preferred.get(0);
            }
            for (String p : preferred) {
                if (kinds.contains(p)) {
                    return p;
                }
            }
            if (kinds.size() > 1) {
                // "which windows are open" in a home whose windows are contacts, not covers: the kinds it has
                List<String> present = kinds.stream().filter(k -> scope.stream().anyMatch(d -> d.kind().equals(k)
                        && (classFor(k, noun.noun().deviceClass()) == null
                        || classFor(k, noun.noun().deviceClass()).equals(d.deviceClass())))).toList();
                kinds = present.isEmpty() ? kinds : present;
            }
            if (kinds.size() > 1 && question && !states.isEmpty()) {
                for (String k : kinds) {
                    for (Mention.State s : states) {
                        for (Vocabulary.StateWord sw : s.senses()) {
                            if (sw.kind().equals(k) && fits(sw, k, classFor(k, noun.noun().deviceClass()))) {
                                return k;
                            }
                        }
                    }
                }
            }
            if (kinds.size() > 1) {
                for (String k : kinds) {
                    String c = classFor(k, noun.noun().deviceClass());
                    if (scope.stream().anyMatch(d -> d.kind().equals(k) && (c == null || c.equals(d.deviceClass())))) {
                        return k;
                    }
                }
            }
            return kinds.get(0);
        }

        /** A noun's class as it applies to a kind: a garage door is class garage for covers, garage_door for sensors. */
        static String classFor(String kind, String nounClass) {
            if (nounClass == null || nounClass.isEmpty()) {
                return null;
            }
            return switch (kind) {
                case "cover" -> nounClass;
                case "binary_sensor" -> nounClass.equals("garage") ? "garage_door" : nounClass;
                default -> null;
            };
        }

        List<HomeDevice> inScope(Area area, Floor floor) {
            List<HomeDevice> out = new ArrayList<>();
            for (HomeDevice d : home.devices()) {
                if (area != null && d.area() != area) {
                    continue;
                }
                if (area == null && floor != null && d.floor() != floor) {
                    continue;
                }
                out.add(d);
            }
            return out;
        }

        static List<String> ids(List<HomeDevice> devices) {
            Set<String> ids = new LinkedHashSet<>();
            devices.forEach(d -> ids.add(d.id()));
            return List.copyOf(ids);
        }

        List<String> unknownWords() {
            List<String> out = new ArrayList<>();
            for (String w : words) {
                if (!STOP.contains(w) && !FILLERS.contains(w) && !VERBS.contains(w) && !Utterance.isNumber(w)
                        && !MAX_WORDS.contains(w) && !MIN_WORDS.contains(w) && !TEMPERATURE_WORDS.contains(w)) {
                    out.add(w);
                }
            }
            return out;
        }
    }
}
