package io.twingraph.nl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.engine.command.CommandGateway;
import io.twingraph.engine.command.CommandOutcome;
import io.twingraph.engine.rules.RuleRuntime;
import io.twingraph.engine.rules.facts.Goal;
import io.twingraph.error.TwinGraphException;
import io.twingraph.nl.Interpretation.Intent;
import io.twingraph.nl.NlReply.Status;
import io.twingraph.nl.act.Actuation;
import io.twingraph.nl.act.DeviceAction;
import io.twingraph.nl.answer.Answer;
import io.twingraph.nl.answer.QuestionAnswerer;
import io.twingraph.nl.conversation.Conversations;
import io.twingraph.nl.home.Area;
import io.twingraph.nl.home.Home;
import io.twingraph.nl.home.HomeDevice;
import io.twingraph.nl.home.HomeSource;
import io.twingraph.nl.home.VisibleHomes;
import io.twingraph.nl.link.Candidate;
import io.twingraph.nl.link.NameLinker;
import io.twingraph.nl.link.Named;
import io.twingraph.nl.parse.LocalParser;
import io.twingraph.nl.parse.Parse;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.policy.ThingAccess;

/**
 * The one entry for natural language: a sentence in, a reply out. The local parser interprets; follow-ups borrow
 * from the conversation's last turn; commands go through the command gateway and each device is watched for its new
 * state; questions are answered by SPARQL over the live graph; goals become rule facts. When the parser is not
 * confident, the {@link Fallback} (an LLM, when configured) gets the sentence; without one, nothing is done and the
 * reply says what was not understood.
 *
 * <p>Each speaker meets the home their policies let them read ({@link NlRequest#access()}): devices they may not read
 * are unknown to the parser, the answers and the fallback, like missing ones; commands to devices they may read but
 * not write are refused in the reply ({@link NlReply.Status#FORBIDDEN} when that leaves nothing to do) and not sent.
 */
public final class NaturalLanguage {
    /** Below this confidence nothing is acted on. */
    public static final double CONFIDENCE_THRESHOLD = 0.5;
    /** A linked name this similar, and this far ahead of the next, stands in for the unknown words. */
    static final double LINK_SURE = 0.75;
    static final double LINK_MARGIN = 0.1;

    /** Takes what the local parser could not; an LLM agent when configured. */
    public interface Fallback {
        NlReply handle(NlRequest request, String conversation, Home home, Parse localParse);
    }

    /**
     * @param confirmWithin how long a command waits for its device to show the new state
     */
    public record Settings(Duration confirmWithin) {
        public static final Settings DEFAULTS = new Settings(CommandGateway.DEFAULT_CONFIRM_TIMEOUT);
    }

    private final HomeSource homes;
    private final LocalParser parser = new LocalParser();
    private final QuestionAnswerer answerer;
    private final CommandGateway gateway;
    private final RuleRuntime rules;
    private final Fallback fallback;
    private final Settings settings;
    private final Conversations conversations = new Conversations();
    private final VisibleHomes visibleHomes = new VisibleHomes();
    /** The name linker of the last home seen; rebuilt (cheaply: name vectors are cached) when the home changes. */
    private volatile Linked linked;

    /**
     * @param rules    where goals go; null when rules are not running (goals are then refused)
     * @param fallback null for local parsing only
     */
    public NaturalLanguage(HomeSource homes, QuestionAnswerer answerer, CommandGateway gateway, RuleRuntime rules,
                           Fallback fallback, Settings settings) {
        this.homes = Objects.requireNonNull(homes, "homes");
        this.answerer = Objects.requireNonNull(answerer, "answerer");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.rules = rules;
        this.fallback = fallback;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Interprets and carries out one sentence.
     *
     * @throws TwinGraphException {@code nl:text.missing} for empty text, {@code nl:text.too-long} over
     *                            {@link NlRequest#MAX_LENGTH} characters, {@code nl:area.unknown} for an unknown speaker area
     */
    public NlReply handle(NlRequest request) {
        long start = System.nanoTime();
        validate(request);
        Home home = visibleHomes.of(homes.home(), request.access());
        Area speaker = speakerArea(request.area(), home);
        String conversation = request.conversation() == null || request.conversation().isBlank()
                ? UUID.randomUUID().toString() : request.conversation();
        Parse parse = linked(parser.parse(request.text(), home, speaker), request.text(), home, speaker);
        Interpretation in = conversations.followUp(conversation, parse, request.text(), home);
        NlReply reply;
        if (!parse.ambiguous().isEmpty() && in == parse.interpretation()) {
            reply = clarify(conversation, in, parse.ambiguous());
        } else if (in.intent() == Intent.UNKNOWN || in.confidence() < CONFIDENCE_THRESHOLD) {
            reply = fallback != null ? fallback.handle(request, conversation, home, parse)
                    : notUnderstood(conversation, in, parse);
        } else {
            reply = act(request, conversation, in, home);
        }
        conversations.remember(conversation, reply.interpretation());
        return withMillis(reply, (System.nanoTime() - start) / 1e6);
    }

    /**
     * A sentence whose words the parser did not know ("turn on the telly") gets a second reading: the unknown words are
     * linked to device names by the embedding model. One clear candidate replaces them and the sentence is parsed
     * again; several close ones become a question back. The first parse stands when nothing is near.
     */
    private Parse linked(Parse parse, String text, Home home, Area speaker) {
        Interpretation in = parse.interpretation();
        if (parse.unknownWords().isEmpty() || in.name() != null || !parse.ambiguous().isEmpty()
                || in.intent() == Intent.UNKNOWN || in.intent() == Intent.CANCEL || in.intent() == Intent.SET_GOAL) {
            return parse;
        }
        List<Candidate> candidates = linker(home).link(String.join(" ", parse.unknownWords()), 3);
        if (candidates.isEmpty()) {
            return parse;
        }
        Candidate top = candidates.get(0);
        boolean clear = top.score() >= LINK_SURE && (candidates.size() == 1 || top.score() - candidates.get(1).score() >= LINK_MARGIN);
        if (clear) {
            Parse again = parser.parse(replaceWords(text, parse.unknownWords(), top.text()), home, speaker);
            if (again.interpretation().things().contains(top.id()) && again.unknownWords().isEmpty()) {
                return again;
            }
        }
        List<HomeDevice> near = new ArrayList<>();
        for (Candidate c : candidates) {
            home.devices().stream().filter(d -> d.id().equals(c.id())).findFirst().ifPresent(near::add);
        }
        return near.isEmpty() ? parse : new Parse(in, near, parse.unknownWords());
    }

    /** The sentence with its unknown words replaced by a name: the first occurrence takes the name, the rest go. */
    static String replaceWords(String text, List<String> unknown, String name) {
        StringBuilder out = new StringBuilder();
        boolean placed = false;
        for (String token : text.split("\\s+")) {
            String bare = token.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
            if (unknown.contains(bare)) {
                if (!placed) {
                    out.append(name).append(' ');
                    placed = true;
                }
                continue;
            }
            out.append(token).append(' ');
        }
        return out.toString().trim();
    }

    private NameLinker linker(Home home) {
        Linked current = linked;
        if (current == null || current.home != home) {
            List<Named> names = new ArrayList<>();
            for (HomeDevice d : home.devices()) {
                names.add(new Named(d.id(), d.name()));
                d.aliases().forEach(a -> names.add(new Named(d.id(), a)));
            }
            current = new Linked(home, new NameLinker(names));
            linked = current;
        }
        return current.linker;
    }

    private record Linked(Home home, NameLinker linker) {
    }

    private static void validate(NlRequest request) {
        if (request == null || request.text() == null || request.text().isBlank()) {
            throw new TwinGraphException("nl:text.missing", TwinGraphException.Kind.INVALID, "No text given.",
                    "Send {\"text\": \"turn on the kitchen light\"}.");
        }
        if (request.text().length() > NlRequest.MAX_LENGTH) {
            throw new TwinGraphException("nl:text.too-long", TwinGraphException.Kind.INVALID,
                    "The text has " + request.text().length() + " characters; at most " + NlRequest.MAX_LENGTH + " are accepted.",
                    "Say one thing at a time.");
        }
    }

    private static Area speakerArea(String said, Home home) {
        if (said == null || said.isBlank()) {
            return null;
        }
        for (Area a : home.areas()) {
            if (a.iri().equals(said) || a.name().equalsIgnoreCase(said.trim())
                    || a.aliases().stream().anyMatch(x -> x.equalsIgnoreCase(said.trim()))) {
                return a;
            }
        }
        List<String> names = home.areas().stream().map(Area::name).sorted().toList();
        throw new TwinGraphException("nl:area.unknown", TwinGraphException.Kind.INVALID,
                "The home has no area called '" + said + "'.", "Known areas: " + String.join(", ", names) + ".");
    }

    private NlReply act(NlRequest request, String conversation, Interpretation in, Home home) {
        return switch (in.intent()) {
            case CANCEL -> reply(conversation, Status.CANCELLED, "OK, never mind.", in);
            case GET_STATE, GET_VALUE, LIST, COUNT, HISTORY -> answer(conversation, in, home);
            case SET_GOAL -> goal(request, conversation, in, home);
            default -> command(request, conversation, in, home);
        };
    }

    private NlReply answer(String conversation, Interpretation in, Home home) {
        List<HomeDevice> devices = devices(in, home);
        if (devices.isEmpty() && in.intent() != Intent.HISTORY) {
            return reply(conversation, Status.NO_MATCH, "I found no " + describe(in) + ".", in);
        }
        Answer a = answerer.answer(in, devices);
        return new NlReply(conversation, Status.ANSWERED, a.text(), in, List.of(), a.sparql(), a.rows(), List.of(), null, 0);
    }

    private NlReply command(NlRequest request, String conversation, Interpretation in, Home home) {
        List<HomeDevice> devices = devices(in, home);
        if (devices.isEmpty()) {
            return reply(conversation, Status.NO_MATCH, "I found no " + describe(in) + " to " + verb(in) + ".", in);
        }
        List<DeviceAction> planned = devices.stream().map(d -> Actuation.plan(in, d)).toList();
        List<DeviceAction> doable = planned.stream().filter(p -> !p.refused()).toList();
        if (doable.isEmpty()) {
            return new NlReply(conversation, Status.NO_MATCH, planned.get(0).refusal() + ".", in,
                    planned.stream().map(NaturalLanguage::refusedAction).toList(), null, List.of(), List.of(), null, 0);
        }
        List<DeviceAction> forbidden = doable.stream().filter(p -> !mayWrite(request.access(), p)).toList();
        if (!forbidden.isEmpty()) {
            doable = doable.stream().filter(p -> !forbidden.contains(p)).toList();
        }
        if (doable.isEmpty()) {
            List<NlReply.Action> actions = new ArrayList<>();
            forbidden.forEach(p -> actions.add(forbiddenAction(p)));
            planned.stream().filter(DeviceAction::refused).forEach(p -> actions.add(refusedAction(p)));
            return new NlReply(conversation, Status.FORBIDDEN, "You may not " + verb(in) + " " + names(forbidden)
                    + ": your access does not allow changing " + (forbidden.size() == 1 ? "it" : "them") + ". Nothing was sent.",
                    in, actions, null, List.of(), List.of(), null, 0);
        }
        if (request.dryRun()) {
            List<NlReply.Action> actions = new ArrayList<>();
            for (DeviceAction p : planned) {
                actions.add(p.refused() ? refusedAction(p) : forbidden.contains(p) ? forbiddenAction(p)
                        : action(p, "planned", "dry run: not sent"));
            }
            return new NlReply(conversation, Status.PLANNED, "I would " + verb(in) + " " + names(doable) + "."
                    + notAllowed(forbidden), in, actions, null, List.of(), List.of(), null, 0);
        }
        List<CompletableFuture<CommandOutcome>> sent = new ArrayList<>();
        for (DeviceAction p : doable) {
            String feature = p.property().substring(0, p.property().indexOf('/'));
            String property = p.property().substring(p.property().indexOf('/') + 1);
            DeviceCommand command = new DeviceCommand(ThingId.of(p.device().id()),
                    JsonPointer.of("/features/" + feature + "/properties/" + property), p.value(),
                    "nl-" + conversation + "-" + UUID.randomUUID());
            sent.add(gateway.send(command, settings.confirmWithin()));
        }
        List<NlReply.Action> actions = new ArrayList<>();
        int confirmed = 0;
        int failed = 0;
        for (int i = 0; i < doable.size(); i++) {
            CommandOutcome outcome = await(sent.get(i));
            DeviceAction p = doable.get(i);
            if (outcome == null) {
                actions.add(action(p, "not-confirmed", "no answer within " + settings.confirmWithin().toSeconds() + " s"));
                continue;
            }
            switch (outcome.status()) {
                case CONFIRMED -> confirmed++;
                case FAILED -> failed++;
                default -> {
                }
            }
            actions.add(action(p, outcome.status().name().toLowerCase(Locale.ROOT).replace('_', '-'), outcome.detail()));
        }
        planned.stream().filter(DeviceAction::refused).forEach(p -> actions.add(refusedAction(p)));
        forbidden.forEach(p -> actions.add(forbiddenAction(p)));
        Status status = confirmed == doable.size() ? Status.DONE : failed > 0 ? Status.FAILED : Status.NOT_CONFIRMED;
        String text = switch (status) {
            case DONE -> "Done, confirmed: " + names(doable) + (names(doable).contains(", ") || doable.size() > 5 ? " are " : " is ")
                    + pastTense(in) + ".";
            case FAILED -> "I could not " + verb(in) + " " + failedNames(actions) + ".";
            default -> "Sent, but not confirmed: " + unconfirmedNames(actions) + " did not report the new state in time.";
        } + notAllowed(forbidden);
        return new NlReply(conversation, status, text, in, actions, null, List.of(), List.of(), null, 0);
    }

    private NlReply goal(NlRequest request, String conversation, Interpretation in, Home home) {
        Area area = home.areas().stream().filter(a -> a.name().equals(in.area())).findFirst().orElse(null);
        if (area == null) {
            return reply(conversation, Status.CLARIFY, "Which room should I keep at " + in.values().get("target") + "?", in);
        }
        double target = ((Number) in.values().get("target")).doubleValue();
        String quantity = String.valueOf(in.values().get("quantity"));
        String when = String.valueOf(in.values().get("when"));
        Goal goal = goal(area, quantity, target, when, conversation);
        Map<String, Object> view = view(goal);
        String sentence = "keep the " + area.name() + " at " + number(target) + (quantity.equals("temperature") ? " °C" : "")
                + (when.equals(Goal.OCCUPIED) ? " while it is occupied" : "");
        if (request.dryRun()) {
            return new NlReply(conversation, Status.PLANNED, "I would " + sentence + ".", in, List.of(), null, List.of(),
                    List.of(), view, 0);
        }
        if (rules == null) {
            return reply(conversation, Status.FAILED, "Rules are not running here, so I can't keep a goal.", in);
        }
        rules.putGoal(goal);
        return new NlReply(conversation, Status.GOAL_SET, "OK, I will " + sentence + ".", in, List.of(), null, List.of(),
                List.of(), view, 0);
    }

    /** The goal a sentence sets for a room; one per room and quantity, so a new one replaces the old. */
    static Goal goal(Area area, String quantity, double target, String when, String conversation) {
        return new Goal("nl-" + slug(area.name()) + "-" + quantity, area.iri(), quantity, target, when,
                "conversation " + conversation);
    }

    static Map<String, Object> view(Goal goal) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", goal.id());
        view.put("room", goal.room());
        view.put("quantity", goal.quantity());
        view.put("target", goal.target());
        view.put("when", goal.when());
        return view;
    }

    private static NlReply clarify(String conversation, Interpretation in, List<HomeDevice> candidates) {
        List<NlReply.Candidate> list = candidates.stream().map(d -> new NlReply.Candidate(d.id(), d.name() + " ("
                + d.kind().replace('_', ' ') + (d.deviceClass().isEmpty() ? "" : ", " + d.deviceClass().replace('_', ' ')) + ")",
                d.area() == null ? null : d.area().name(), 1.0)).toList();
        String which = String.join(", ", list.stream().map(NlReply.Candidate::name).toList());
        return new NlReply(conversation, Status.CLARIFY, "Which one do you mean: " + which + "?", in, List.of(), null,
                List.of(), list, null, 0);
    }

    private static NlReply notUnderstood(String conversation, Interpretation in, Parse parse) {
        String text = parse.unknownWords().isEmpty()
                ? "I did not understand that. Try \"turn on the kitchen light\", \"which windows are open?\" or \"keep the office at 21 while I'm there\"."
                : "I did not understand \"" + String.join(" ", parse.unknownWords()) + "\": no device, room or floor goes by that name.";
        return reply(conversation, Status.NOT_UNDERSTOOD, text, in);
    }

    // ---- helpers ----

    private static List<HomeDevice> devices(Interpretation in, Home home) {
        List<HomeDevice> out = new ArrayList<>();
        for (String id : in.things()) {
            home.devices().stream().filter(d -> d.id().equals(id)).findFirst().ifPresent(out::add);
        }
        return out;
    }

    static CommandOutcome await(CompletableFuture<CommandOutcome> f) {
        try {
            // the gateway settles every command within its confirmation time; the margin covers a busy writer
            return f.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static NlReply.Action action(DeviceAction p, String outcome, String detail) {
        return new NlReply.Action(p.device().id(), p.device().name(), p.property(), plain(p.value()), outcome, detail);
    }

    /** Whether the speaker may write the property a planned action sets. */
    private static boolean mayWrite(ThingAccess access, DeviceAction p) {
        return access.canWrite(ThingId.of(p.device().id()), VisibleHomes.propertyPath(p.property()));
    }

    private static NlReply.Action forbiddenAction(DeviceAction p) {
        return new NlReply.Action(p.device().id(), p.device().name(), p.property(), plain(p.value()), "forbidden",
                "your access does not allow changing " + p.property() + " of " + p.device().id());
    }

    private static String notAllowed(List<DeviceAction> forbidden) {
        return forbidden.isEmpty() ? "" : " Not allowed for you, so not sent: " + names(forbidden) + ".";
    }

    private static NlReply.Action refusedAction(DeviceAction p) {
        return new NlReply.Action(p.device().id(), p.device().name(), null, null, "refused", p.refusal());
    }

    static Object plain(JsonValue v) {
        if (v == null) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.isLong() ? (Object) v.asLong() : (Object) v.asDouble();
        }
        return v.isString() ? v.asString() : v.toString();
    }

    private static NlReply reply(String conversation, Status status, String text, Interpretation in) {
        return new NlReply(conversation, status, text, in, List.of(), null, List.of(), List.of(), null, 0);
    }

    private static NlReply withMillis(NlReply r, double millis) {
        return new NlReply(r.conversation(), r.status(), r.answer(), r.interpretation(), r.actions(), r.sparql(),
                r.rows(), r.candidates(), r.goal(), Math.round(millis * 1000) / 1000.0);
    }

    private static String names(List<DeviceAction> actions) {
        List<String> names = actions.stream().map(a -> a.device().name()).distinct().toList();
        return names.size() <= 5 ? String.join(", ", names) : names.size() + " devices";
    }

    private static String failedNames(List<NlReply.Action> actions) {
        return String.join(", ", actions.stream().filter(a -> a.outcome().equals("failed")).map(NlReply.Action::name).toList());
    }

    private static String unconfirmedNames(List<NlReply.Action> actions) {
        return String.join(", ", actions.stream().filter(a -> a.outcome().equals("not-confirmed")).map(NlReply.Action::name).toList());
    }

    private static String verb(Interpretation in) {
        return switch (in.intent()) {
            case TURN_ON -> "turn on";
            case TURN_OFF -> "turn off";
            case OPEN -> "open";
            case CLOSE -> "close";
            case LOCK -> "lock";
            case UNLOCK -> "unlock";
            case SET_BRIGHTNESS -> "set the brightness of";
            case SET_COLOR -> "change the colour of";
            case SET_POSITION -> "move";
            case SET_TEMPERATURE -> "set the temperature of";
            default -> "change";
        };
    }

    private static String pastTense(Interpretation in) {
        Map<String, Object> v = in.values();
        return switch (in.intent()) {
            case TURN_ON -> "on";
            case TURN_OFF -> "off";
            case OPEN -> "open";
            case CLOSE -> "closed";
            case LOCK -> "locked";
            case UNLOCK -> "unlocked";
            case SET_BRIGHTNESS -> "at " + v.get("brightness") + "%";
            case SET_COLOR -> v.get("color") + "";
            case SET_POSITION -> "at " + v.get("position") + "%";
            case SET_TEMPERATURE -> "set to " + v.get("temperature") + " °C";
            default -> "changed";
        };
    }

    private static String describe(Interpretation in) {
        String thing = in.name() != null ? "device called " + in.name()
                : in.deviceClass() != null ? in.deviceClass().replace('_', ' ') + "s"
                : in.kind() != null ? in.kind().replace('_', ' ') + (in.kind().endsWith("s") || in.kind().endsWith("h") ? "es" : "s")
                : "devices";
        if (in.area() != null) {
            thing += " in the " + in.area();
        } else if (in.floor() != null) {
            thing += " on the " + in.floor();
        }
        return thing;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
