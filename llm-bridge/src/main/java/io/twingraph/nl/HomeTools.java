package io.twingraph.nl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.apache.jena.query.ResultSetFormatter;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;

import io.twingraph.engine.SparqlResult;
import io.twingraph.engine.command.CommandGateway;
import io.twingraph.engine.command.CommandOutcome;
import io.twingraph.engine.rules.RuleRuntime;
import io.twingraph.engine.rules.facts.Goal;
import io.twingraph.error.TwinGraphException;
import io.twingraph.nl.home.Area;
import io.twingraph.nl.home.Home;
import io.twingraph.nl.home.HomeDevice;
import io.twingraph.nl.home.VisibleHomes;
import io.twingraph.nl.llm.AgentTools;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.policy.ThingAccess;

/**
 * What the language model may do, for one request in one home: read the graph, list devices, command them through the
 * gateway (each command waits for the twin, like the local path), set goals. Records what it did so that the reply can
 * show it. On a dry run nothing is sent and no goal is set; the model is told what would have been done. The home and
 * the queries are the speaker's view; a command to a device the speaker may not write is refused to the model.
 */
final class HomeTools implements AgentTools {
    private static final int MAX_LISTED = 40;

    private final Home home;
    private final Function<String, SparqlResult> select;
    private final CommandGateway gateway;
    private final RuleRuntime rules;
    private final Duration confirmWithin;
    private final boolean dryRun;
    private final String conversation;
    private final ThingAccess access;
    final List<NlReply.Action> actions = new ArrayList<>();
    Goal goal;

    HomeTools(Home home, Function<String, SparqlResult> select, CommandGateway gateway, RuleRuntime rules,
              Duration confirmWithin, boolean dryRun, String conversation, ThingAccess access) {
        this.home = home;
        this.select = select;
        this.gateway = gateway;
        this.rules = rules;
        this.confirmWithin = confirmWithin;
        this.dryRun = dryRun;
        this.conversation = conversation;
        this.access = access;
    }

    @Override
    public String select(String sparql) {
        SparqlResult result = select.apply(sparql);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (result.rows() != null) {
            ResultSetFormatter.outputAsJSON(out, result.rows());
        } else if (result.bool() != null) {
            ResultSetFormatter.outputAsJSON(out, result.bool().booleanValue());
        } else {
            throw invalid("llm:select.form", "Only SELECT and ASK queries can be run here.");
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String listThings(String filter) {
        List<String> words = filter == null ? List.of()
                : List.of(filter.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_:-]+")).stream().filter(w -> !w.isBlank()).toList();
        List<String> lines = new ArrayList<>();
        int matched = 0;
        for (HomeDevice d : home.devices()) {
            String text = describe(d).toLowerCase(Locale.ROOT);
            if (words.stream().allMatch(text::contains)) {
                matched++;
                if (lines.size() < MAX_LISTED) {
                    lines.add(describe(d));
                }
            }
        }
        if (matched == 0) {
            return "No thing matches '" + filter + "'. Rooms: " + String.join(", ", home.areas().stream().map(Area::name).toList())
                    + ". Try a shorter filter, or an empty one for all things.";
        }
        return String.join("\n", lines) + (matched > lines.size() ? "\n(" + (matched - lines.size()) + " more; narrow the filter)" : "");
    }

    /** One line a model reads well: id, name, aliases, room, kind, class and current values. */
    static String describe(HomeDevice d) {
        StringBuilder sb = new StringBuilder(d.id()).append(" \"").append(d.name()).append('"');
        if (!d.aliases().isEmpty()) {
            sb.append(" aka ").append(String.join(", ", d.aliases()));
        }
        sb.append(" | room: ").append(d.area() == null ? "-" : d.area().name());
        sb.append(" | kind: ").append(d.kind()).append(d.deviceClass().isEmpty() ? "" : "/" + d.deviceClass());
        sb.append(" | ");
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, Object> e : d.properties().entrySet()) {
            values.add(e.getKey() + "=" + e.getValue());
        }
        return sb.append(String.join(", ", values)).toString();
    }

    @Override
    public String sendCommand(String thingId, String property, String valueJson) {
        HomeDevice device = home.devices().stream().filter(d -> d.id().equals(thingId)).findFirst()
                .orElseThrow(() -> invalid("llm:thing.unknown", "There is no thing " + thingId
                        + "; call listThings to find the id."));
        if (!device.has(property)) {
            throw invalid("llm:property.unknown", device.id() + " has no property " + property + "; it has "
                    + String.join(", ", device.properties().keySet()) + ".");
        }
        if (device.kind().equals("sensor") || device.kind().equals("binary_sensor")) {
            throw invalid("llm:thing.sensor", device.name() + " is a sensor: it reports, it cannot be commanded.");
        }
        if (!access.canWrite(ThingId.of(device.id()), VisibleHomes.propertyPath(property))) {
            actions.add(new NlReply.Action(device.id(), device.name(), property, null, "forbidden",
                    "the speaker's access does not allow changing " + property + " of " + device.id()));
            throw invalid("llm:thing.forbidden", "The person may not change " + property + " of " + device.id()
                    + "; tell them it is not allowed for them. Nothing was sent.");
        }
        JsonValue value;
        try {
            value = JsonFactory.readFrom(valueJson);
        } catch (RuntimeException e) {
            throw invalid("llm:value.invalid", "The value " + valueJson + " is not JSON: give true, 40 or \"eco\".");
        }
        Object plain = NaturalLanguage.plain(value);
        if (dryRun) {
            actions.add(new NlReply.Action(device.id(), device.name(), property, plain, "planned", "dry run: not sent"));
            return "Dry run: nothing was sent. Would set " + property + " of " + device.id() + " to " + valueJson + ".";
        }
        String feature = property.substring(0, property.indexOf('/'));
        String rest = property.substring(property.indexOf('/') + 1);
        CommandOutcome outcome = NaturalLanguage.await(gateway.send(new DeviceCommand(ThingId.of(device.id()),
                JsonPointer.of("/features/" + feature + "/properties/" + rest), value,
                "nl-" + conversation + "-" + UUID.randomUUID()), confirmWithin));
        String status = outcome == null ? "not-confirmed" : outcome.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
        String detail = outcome == null ? "no answer within " + confirmWithin.toSeconds() + " s" : outcome.detail();
        actions.add(new NlReply.Action(device.id(), device.name(), property, plain, status, detail));
        return switch (status) {
            case "confirmed" -> "Done: " + device.id() + " now reports " + property + " = " + valueJson + " (confirmed).";
            case "failed" -> "Failed: " + detail;
            default -> "Sent, but " + device.id() + " did not report the new value within " + confirmWithin.toSeconds()
                    + " s; tell the person it is not confirmed.";
        };
    }

    @Override
    public String setGoal(String room, String quantity, double target, String when) {
        Area area = home.areas().stream().filter(a -> a.iri().equals(room) || a.name().equalsIgnoreCase(room.trim())
                || a.aliases().stream().anyMatch(x -> x.equalsIgnoreCase(room.trim()))).findFirst()
                .orElseThrow(() -> invalid("llm:room.unknown", "There is no room '" + room + "'; rooms are "
                        + String.join(", ", home.areas().stream().map(a -> a.name() + " <" + a.iri() + ">").toList()) + "."));
        Goal g = NaturalLanguage.goal(area, quantity, target, when, conversation);
        if (dryRun) {
            goal = g;
            return "Dry run: no goal was set. Would keep " + area.name() + " at " + target + " " + quantity + " (" + when + ").";
        }
        if (rules == null) {
            throw new TwinGraphException("llm:rules.off", TwinGraphException.Kind.UNAVAILABLE,
                    "Rules are not running here, so no goal can be kept.", null);
        }
        rules.putGoal(g);
        goal = g;
        return "Goal set: keep " + area.name() + " at " + target + " " + quantity + " (" + when + "), id " + g.id() + ".";
    }

    private static TwinGraphException invalid(String code, String message) {
        return new TwinGraphException(code, TwinGraphException.Kind.INVALID, message, null);
    }
}
