package io.twingraph.nl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.access.ThingVisibility;
import io.twingraph.engine.command.CommandGateway;
import io.twingraph.engine.rules.RuleRuntime;
import io.twingraph.error.TwinGraphException;
import io.twingraph.nl.NlReply.Status;
import io.twingraph.nl.home.Area;
import io.twingraph.nl.home.Home;
import io.twingraph.nl.home.HomeDevice;
import io.twingraph.nl.llm.AgentAnswer;
import io.twingraph.nl.llm.LlmAgent;
import io.twingraph.nl.parse.Parse;

/**
 * The language model's turn: what the local parser could not do confidently goes to the {@link LlmAgent} with the
 * home as context and the home's tools. Commands it sends are watched like the local path's; a model that is down
 * leaves the person with a clear "not understood" that names the server, never an error page.
 */
public final class LlmFallback implements NaturalLanguage.Fallback {
    /** Homes up to this size go to the model whole; larger ones by the devices the sentence's words point at. */
    static final int WHOLE_HOME = 60;

    private final LlmAgent agent;
    private final BiFunction<String, ThingVisibility, SparqlResult> select;
    private final CommandGateway gateway;
    private final RuleRuntime rules;
    private final Duration confirmWithin;

    /**
     * With queries over the whole graph: speakers whose access is restricted get no query tool (it would show them
     * what their policies hide); use the other constructor to give them their own view.
     *
     * @param select runs a query the agent's guard already checked, through that same guard
     * @param rules  where goals go; null when rules are not running
     */
    public LlmFallback(LlmAgent agent, Function<String, SparqlResult> select, CommandGateway gateway, RuleRuntime rules,
                       Duration confirmWithin) {
        this(agent, unfilteredOnly(select), gateway, rules, confirmWithin);
    }

    /**
     * @param select runs a query the agent's guard already checked, through that same guard, over the view a speaker
     *               may read
     * @param rules  where goals go; null when rules are not running
     */
    public LlmFallback(LlmAgent agent, BiFunction<String, ThingVisibility, SparqlResult> select, CommandGateway gateway,
                       RuleRuntime rules, Duration confirmWithin) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.select = Objects.requireNonNull(select, "select");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.rules = rules;
        this.confirmWithin = Objects.requireNonNull(confirmWithin, "confirmWithin");
    }

    @Override
    public NlReply handle(NlRequest request, String conversation, Home home, Parse localParse) {
        ThingVisibility visibility = ThingVisibility.of(request.access());
        HomeTools tools = new HomeTools(home, q -> select.apply(q, visibility), gateway, rules, confirmWithin,
                request.dryRun(), conversation, request.access());
        Interpretation local = localParse.interpretation();
        AgentAnswer answer;
        try {
            answer = agent.ask(request.text(), context(request.text(), home, request.area()), tools);
        } catch (TwinGraphException e) {
            if (e.kind() != TwinGraphException.Kind.UNAVAILABLE && e.kind() != TwinGraphException.Kind.TIMEOUT) {
                throw e;
            }
            return new NlReply(conversation, Status.NOT_UNDERSTOOD, "I did not understand that myself, and the "
                    + "language model could not help: " + e.getMessage(), local, List.of(), null, List.of(), List.of(),
                    null, 0);
        }
        List<String> things = tools.actions.stream().map(NlReply.Action::thing).distinct().toList();
        Interpretation in = new Interpretation(local.intent(), things.isEmpty() ? local.things() : things, local.name(),
                local.area(), local.floor(), local.kind(), local.deviceClass(), local.state(), local.values(),
                local.confidence(), "llm");
        String sparql = answer.sparql().isEmpty() ? null : String.join("\n\n", answer.sparql());
        return new NlReply(conversation, status(tools, request.dryRun()), answer.text(), in, tools.actions, sparql,
                List.of(), List.of(), tools.goal == null ? null : NaturalLanguage.view(tools.goal), 0);
    }

    private static BiFunction<String, ThingVisibility, SparqlResult> unfilteredOnly(Function<String, SparqlResult> select) {
        Objects.requireNonNull(select, "select");
        return (query, visibility) -> {
            if (visibility != ThingVisibility.ALL) {
                throw new TwinGraphException("llm:select.unavailable", TwinGraphException.Kind.INVALID,
                        "Querying the graph is not available for this person; use listThings instead.", null);
            }
            return select.apply(query);
        };
    }

    private static Status status(HomeTools tools, boolean dryRun) {
        List<NlReply.Action> tried = tools.actions.stream().filter(a -> !a.outcome().equals("forbidden")).toList();
        if (!tools.actions.isEmpty() && tried.isEmpty() && tools.goal == null) {
            return Status.FORBIDDEN;
        }
        if (!tried.isEmpty()) {
            if (dryRun) {
                return Status.PLANNED;
            }
            if (tried.stream().allMatch(a -> a.outcome().equals("confirmed"))) {
                return Status.DONE;
            }
            return tried.stream().anyMatch(a -> a.outcome().equals("failed")) ? Status.FAILED : Status.NOT_CONFIRMED;
        }
        if (tools.goal != null) {
            return dryRun ? Status.PLANNED : Status.GOAL_SET;
        }
        return Status.ANSWERED;
    }

    /** What the model is told about the home: rooms, floors, and the devices (all, or those the words point at). */
    static String context(String text, Home home, String speakerArea) {
        StringBuilder sb = new StringBuilder();
        sb.append("Rooms: ");
        List<String> rooms = new ArrayList<>();
        for (Area a : home.areas()) {
            rooms.add(a.name() + " <" + a.iri() + ">" + (a.floor() == null ? "" : " on " + a.floor().name()));
        }
        sb.append(String.join("; ", rooms)).append('\n');
        if (speakerArea != null && !speakerArea.isBlank()) {
            sb.append("The person is in: ").append(speakerArea).append('\n');
        }
        List<HomeDevice> devices = home.devices();
        if (devices.size() > WHOLE_HOME) {
            List<String> words = List.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).stream()
                    .filter(w -> w.length() > 2).toList();
            devices = devices.stream().filter(d -> words.stream().anyMatch(HomeTools.describe(d).toLowerCase(Locale.ROOT)::contains))
                    .limit(WHOLE_HOME).toList();
            sb.append("Devices that may be meant (").append(devices.size()).append(" of ").append(home.devices().size())
                    .append("; call listThings for others):\n");
        } else {
            sb.append("Devices (id \"name\" | room | kind | feature/property=value):\n");
        }
        devices.forEach(d -> sb.append(HomeTools.describe(d)).append('\n'));
        return sb.toString();
    }
}
