package io.twingraph.api.eval;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.json.JsonArray;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.ditto.things.model.signals.commands.modify.ThingModifyCommand;
import org.eclipse.ditto.things.model.signals.commands.query.RetrieveThing;
import org.eclipse.ditto.things.model.signals.commands.query.RetrieveThings;
import org.eclipse.ditto.things.model.signals.commands.query.ThingQueryCommand;

import io.twingraph.api.http.ErrorMapping;
import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.error.TwinGraphException;
import io.twingraph.twins.TwinCommand;
import io.twingraph.twins.TwinEvent;
import io.twingraph.twins.ditto.DittoProtocolCodec;

/**
 * Part two of {@link DittoProtocolEval}: replays the twin commands of the things scenarios against an in-memory engine
 * and compares status and event with the scenario's response and event steps.
 */
final class DittoScenarioReplay {
    /** The twin every seeded scenario starts from, shaped like the one in Ditto's examples. */
    private static final String BASE_THING = "{\"definition\":\"org.eclipse.ditto:fancy-thing:1.0.0\","
            + "\"attributes\":{\"location\":{\"latitude\":44.673856,\"longitude\":8.261719}},"
            + "\"features\":{\"accelerometer\":{\"definition\":[\"org.eclipse.ditto:accelerometer:1.0.0\"],"
            + "\"properties\":{\"x\":3.141,\"y\":2.718},\"desiredProperties\":{\"x\":4,\"y\":3}}}}";

    private DittoScenarioReplay() {
    }

    /** One compared aspect of one replayed command. */
    record Check(String scenario, String title, String aspect, boolean pass, boolean exampleInconsistent,
                 String detail) {
    }

    record Report(int scenarios, int replayedScenarios, Map<String, Integer> unsupported, List<Check> checks) {
        int unsupportedScenarios() {
            return unsupported.values().stream().mapToInt(Integer::intValue).sum();
        }

        int totalChecks() {
            return checks.size();
        }

        int passedChecks() {
            return (int) checks.stream().filter(Check::pass).count();
        }

        int failed() {
            return totalChecks() - passedChecks();
        }

        int unexplainedFailures() {
            return (int) checks.stream().filter(c -> !c.pass() && !c.exampleInconsistent()).count();
        }

        void print(PrintWriter out, Path source) {
            out.println("== Replay: " + scenarios + " scenarios of " + source.toAbsolutePath().normalize() + "; "
                    + replayedScenarios + " things scenarios replayed against an in-memory engine");
            DittoProtocolEval.Tally byAspect = new DittoProtocolEval.Tally();
            DittoProtocolEval.Tally byScenario = new DittoProtocolEval.Tally();
            for (Check check : checks) {
                byAspect.add(check.aspect(), check.pass());
                byScenario.add(check.title().trim(), check.pass());
            }
            byAspect.print(out, "per check (status = response status, event = event action and path): passed/total");
            byScenario.print(out, "per scenario: passed/total checks");
            out.println("not replayed (unsupported): " + unsupported);
            List<Check> failures = checks.stream().filter(c -> !c.pass()).toList();
            if (!failures.isEmpty()) {
                out.println("failures:");
                for (Check c : failures) {
                    out.println("  FAIL " + c.title().trim() + " [" + c.aspect() + "]: " + c.detail()
                            + (c.exampleInconsistent() ? "  (the example itself is inconsistent, see below)" : ""));
                }
            }
            long inconsistent = failures.stream().filter(Check::exampleInconsistent).count();
            if (inconsistent > 0) {
                out.println(inconsistent + " of these failures are on example steps that contradict Ditto itself: a "
                        + "*Created event paired with a 204 response (Ditto answers 201 Created when a Modify creates the"
                        + " resource; the documentation reuses the 'modified' response example), or a thingId in the "
                        + "value that differs from the topic's thing.");
                out.printf("status/event checks passed when those are counted as passes: %d/%d (%s)%n",
                        passedChecks() + inconsistent, totalChecks(),
                        DittoProtocolEval.percent(passedChecks() + inconsistent, totalChecks()));
            }
        }
    }

    /** A command with the response and event steps that follow it in its scenario. */
    private record Case(String scenario, String title, JsonObject command, List<JsonObject> responses,
                        List<JsonObject> events) {
    }

    /** What the engine did with a command: a status as Ditto would answer, the event if any, or the failure. */
    private record Result(int status, TwinEvent event, String error) {
    }

    static Report run(DittoProtocolCodec codec, List<JsonObject> scenarioLines) {
        Map<String, Integer> unsupported = new TreeMap<>();
        List<Check> checks = new ArrayList<>();
        int replayed = 0;
        try (TwinGraphEngine engine = TwinGraphEngine.inMemory(Clock.systemUTC())) {
            for (JsonObject scenario : scenarioLines) {
                String name = DittoProtocolEval.text(scenario, "scenario");
                String title = DittoProtocolEval.text(scenario, "title");
                List<Case> cases = cases(name, title, scenario);
                if (!name.startsWith("things/")) {
                    unsupported.merge(name.split("/", 2)[0], 1, Integer::sum);
                    continue;
                }
                if (cases.isEmpty()) {
                    unsupported.merge("things error responses (no commands; round trip only)", 1, Integer::sum);
                    continue;
                }
                replayed++;
                for (Case c : cases) {
                    checks.addAll(replay(codec, engine, c));
                }
            }
        }
        return new Report(scenarioLines.size(), replayed, unsupported, checks);
    }

    private static List<Case> cases(String name, String title, JsonObject scenario) {
        List<Case> cases = new ArrayList<>();
        JsonArray steps = scenario.getValue("steps").filter(JsonValue::isArray).map(JsonValue::asArray)
                .orElse(JsonArray.empty());
        Case current = null;
        for (JsonValue stepValue : steps) {
            JsonObject step = stepValue.asObject();
            String role = DittoProtocolEval.text(step, "role");
            JsonObject message = step.getValue("message").map(JsonValue::asObject).orElse(JsonObject.empty());
            if ("command".equals(role)) {
                current = new Case(name, title, message, new ArrayList<>(), new ArrayList<>());
                cases.add(current);
            } else if (current != null && "response".equals(role)) {
                current.responses().add(message);
            } else if (current != null && "event".equals(role)) {
                current.events().add(message);
            }
        }
        return cases;
    }

    private static List<Check> replay(DittoProtocolCodec codec, TwinGraphEngine engine, Case c) {
        List<Check> checks = new ArrayList<>();
        DittoProtocolCodec.Decoded decoded;
        boolean repaired = false;
        try {
            decoded = codec.decode(c.command().toString());
        } catch (TwinGraphException e) {
            Optional<JsonObject> repair = withoutConflictingThingId(c.command(), e);
            checks.add(new Check(c.scenario(), c.title(), "decode", false, repair.isPresent(), e.getMessage()
                    + (repair.isPresent() ? "; replayed without the value's thingId" : "")));
            if (repair.isEmpty()) {
                return checks;
            }
            decoded = codec.decode(repair.get().toString());
            repaired = true;
        }
        Signal<?> signal = decoded.signal();
        String commandPath = DittoProtocolEval.text(c.command(), "path");
        Optional<String> expectedEventAction = c.events().stream().findFirst()
                .map(e -> lastTopicPart(DittoProtocolEval.text(e, "topic")));
        Result result;
        boolean idMismatch = repaired;
        if (signal instanceof ThingModifyCommand<?> modify) {
            ThingId id = modify.getEntityId();
            TwinCommand command = codec.toTwinCommand(decoded, TwinCommand.Origin.API);
            idMismatch = idMismatch || command.path().isEmpty() && c.command().getValue("value")
                    .filter(JsonValue::isObject).flatMap(v -> v.asObject().getValue("thingId"))
                    .filter(v -> !v.equals(JsonValue.of(id.toString()))).isPresent();
            seed(engine, id, command, expectedEventAction.orElse(null));
            result = apply(engine, command);
        } else if (signal instanceof ThingQueryCommand<?> || signal instanceof RetrieveThings) {
            result = retrieve(engine, signal, c.responses().stream().findFirst().orElse(null));
        } else {
            checks.add(new Check(c.scenario(), c.title(), "command type", false, false,
                    "not a twin command or query: " + decoded.adaptable().getTopicPath().getPath()));
            return checks;
        }

        List<Integer> expectedStatuses = c.responses().stream()
                .map(r -> r.getValue("status").filter(JsonValue::isNumber).map(JsonValue::asInt).orElse(-1)).toList();
        boolean statusOk = expectedStatuses.isEmpty() ? result.status() / 100 == 2
                : expectedStatuses.contains(result.status());
        boolean createdWith204 = !statusOk && result.status() == 201 && expectedStatuses.contains(204)
                && expectedEventAction.filter("created"::equals).isPresent();
        checks.add(new Check(c.scenario(), c.title(), "status " + kind(signal), statusOk, createdWith204 || idMismatch,
                "expected " + (expectedStatuses.isEmpty() ? "2xx" : expectedStatuses) + ", got " + result.status()
                        + (result.error() == null ? "" : " (" + result.error() + ")") + " for " + commandPath));

        if (!c.events().isEmpty()) {
            String got = result.event() == null ? "no event"
                    : result.event().action().name().toLowerCase() + " " + result.event().path();
            boolean eventOk = result.event() != null && c.events().stream().anyMatch(e ->
                    lastTopicPart(DittoProtocolEval.text(e, "topic")).equals(result.event().action().name().toLowerCase())
                            && JsonPointer.of(DittoProtocolEval.text(e, "path")).equals(result.event().path()));
            String expected = c.events().stream().map(e -> lastTopicPart(DittoProtocolEval.text(e, "topic")) + " "
                    + DittoProtocolEval.text(e, "path")).toList().toString();
            checks.add(new Check(c.scenario(), c.title(), "event " + kind(signal), eventOk, idMismatch,
                    "expected " + expected + ", got " + got));
        }
        return checks;
    }

    /**
     * Ditto's examples name the thing {@code fancy-thing} in the topic and {@code fancy-thing_53} in the value, which
     * Ditto's own adapter refuses ({@code things:id.notsettable}); without the value's thingId the command is valid.
     */
    private static Optional<JsonObject> withoutConflictingThingId(JsonObject command, TwinGraphException e) {
        if (!e.getMessage().contains("things:id.notsettable")) {
            return Optional.empty();
        }
        return command.getValue("value").filter(JsonValue::isObject).map(JsonValue::asObject)
                .filter(v -> v.contains("thingId"))
                .map(v -> command.setValue("value", v.remove("thingId")));
    }

    private static String kind(Signal<?> signal) {
        if (signal instanceof ThingQueryCommand<?> || signal instanceof RetrieveThings) {
            return "retrieve";
        }
        String type = signal.getType();
        if (type.endsWith(":createThing")) {
            return "create";
        }
        if (type.contains(":merge")) {
            return "merge";
        }
        if (type.contains(":delete")) {
            return "delete";
        }
        return "modify";
    }

    /**
     * Puts the twin into the state the scenario assumes: absent for a thing creation; otherwise the base twin, with the
     * addressed resource removed when the scenario expects it to be created, or present when it expects a
     * modification, merge or deletion.
     */
    private static void seed(TwinGraphEngine engine, ThingId id, TwinCommand command, String expectedEvent) {
        if (engine.twins().get(id).isPresent()) {
            engine.submit(new TwinCommand.Delete(id, JsonPointer.empty(), TwinCommand.Origin.SYSTEM, "seed")).join();
        }
        JsonPointer path = command.path();
        boolean createsThing = command instanceof TwinCommand.Create
                || (path.isEmpty() && "created".equals(expectedEvent));
        if (createsThing) {
            return;
        }
        JsonObject thing = JsonObject.of(BASE_THING).setValue("thingId", id.toString()).setValue("policyId", id.toString());
        if (!path.isEmpty()) {
            if ("created".equals(expectedEvent)) {
                thing = thing.remove(path);
            } else if (thing.getValue(path).isEmpty()) {
                thing = thing.setValue(path, placeholder(command));
            }
        }
        engine.submit(new TwinCommand.Create(id, ThingsModelFactory.newThing(thing), TwinCommand.Origin.SYSTEM, "seed"))
                .join();
    }

    private static JsonValue placeholder(TwinCommand command) {
        if (command instanceof TwinCommand.Modify m) {
            return m.value();
        }
        if (command instanceof TwinCommand.Merge m && !m.patch().isNull()) {
            return m.patch();
        }
        return JsonObject.empty();
    }

    private static Result apply(TwinGraphEngine engine, TwinCommand command) {
        try {
            TwinEvent event = engine.submit(command).join();
            int status;
            if (command instanceof TwinCommand.Create) {
                status = 201;
            } else if (command instanceof TwinCommand.Modify) {
                status = event.action() == TwinEvent.Action.CREATED ? 201 : 204;
            } else {
                status = 204;
            }
            return new Result(status, event, null);
        } catch (CompletionException e) {
            return failure(e.getCause() == null ? e : e.getCause());
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    /** Retrieves read the engine's store; the things the expected response shows are seeded first. */
    private static Result retrieve(TwinGraphEngine engine, Signal<?> signal, JsonObject response) {
        JsonValue expected = response == null ? null : response.getValue("value").orElse(null);
        if (signal instanceof RetrieveThings many) {
            return retrieveMany(engine, many, expected);
        }
        ThingQueryCommand<?> query = (ThingQueryCommand<?>) signal;
        List<ThingId> ids = List.of(query.getEntityId());
        for (ThingId id : ids) {
            if (engine.twins().get(id).isPresent()) {
                engine.submit(new TwinCommand.Delete(id, JsonPointer.empty(), TwinCommand.Origin.SYSTEM, "seed")).join();
            }
        }
        {
            ThingId id = query.getEntityId();
            JsonObject thing = JsonObject.of(BASE_THING).setValue("thingId", id.toString()).setValue("policyId", id.toString());
            JsonPointer path = query.getResourcePath();
            if (expected != null) {
                thing = path.isEmpty() && expected.isObject() ? expected.asObject() : thing.setValue(path, expected);
            }
            Thing seeded = ThingsModelFactory.newThingBuilder(thing).setId(id).build();
            engine.submit(new TwinCommand.Create(id, seeded, TwinCommand.Origin.SYSTEM, "seed")).join();
        }
        try {
            Thing thing = engine.twins().get(query.getEntityId()).orElse(null);
            if (thing == null) {
                return new Result(404, null, "thing not found");
            }
            JsonObject json = query instanceof RetrieveThing one && one.getSelectedFields().isPresent()
                    ? thing.toJson(JsonSchemaVersion.V_2, one.getSelectedFields().get()) : thing.toJson();
            return json.getValue(query.getResourcePath()).isPresent() ? new Result(200, null, null)
                    : new Result(404, null, "nothing at " + query.getResourcePath());
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    private static Result retrieveMany(TwinGraphEngine engine, RetrieveThings many, JsonValue expected) {
        for (ThingId id : many.getEntityIds()) {
            if (engine.twins().get(id).isPresent()) {
                engine.submit(new TwinCommand.Delete(id, JsonPointer.empty(), TwinCommand.Origin.SYSTEM, "seed")).join();
            }
        }
        if (expected != null && expected.isArray()) {
            for (JsonValue thing : expected.asArray()) {
                Thing t = ThingsModelFactory.newThing(thing.asObject());
                engine.submit(new TwinCommand.Create(t.getEntityId().orElseThrow(), t, TwinCommand.Origin.SYSTEM,
                        "seed")).join();
            }
        }
        // Ditto answers 200 with the things that exist (and may be read), in the order asked for.
        long found = many.getEntityIds().stream().filter(id -> engine.twins().get(id).isPresent()).count();
        return new Result(200, null, found + " of " + many.getEntityIds().size() + " things exist");
    }

    private static Result failure(Throwable e) {
        if (e instanceof DittoRuntimeException d) {
            return new Result(d.getHttpStatus().getCode(), null, d.getErrorCode());
        }
        if (e instanceof TwinGraphException t) {
            return new Result(ErrorMapping.status(t.kind()), null, t.code());
        }
        return new Result(500, null, e.toString());
    }

    private static String lastTopicPart(String topic) {
        return topic.substring(topic.lastIndexOf('/') + 1);
    }
}
