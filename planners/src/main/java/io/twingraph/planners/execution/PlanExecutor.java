package io.twingraph.planners.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.engine.command.CommandGateway;
import io.twingraph.engine.command.CommandOutcome;
import io.twingraph.planners.graph.PlanGraphWriter;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.solve.Plan;
import io.twingraph.twins.DeviceCommand;

/**
 * Carries out a plan: {@link #tick(Instant)} sends, for every slot that has started since the last tick, each
 * controlled device's planned state ({@code on}/{@code off}, {@code charge}/{@code discharge}/{@code idle}) through
 * the {@link CommandGateway}, only when it differs from the state last sent. Time comes from the caller (a scheduler
 * calls {@code tick} every few seconds with the engine's clock; tests pass the times they want). Replacing the plan
 * ({@link #follow}) after a replan keeps what was sent, so unchanged states are not sent again. Not thread-safe: call
 * it from one thread.
 */
public final class PlanExecutor {
    private final CommandGateway gateway;
    private EnergyProblem problem;
    private Plan plan;
    private int nextSlot;
    private final Map<String, String> lastSent = new HashMap<>();

    public PlanExecutor(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Follows a plan (of this problem) from now on. */
    public void follow(EnergyProblem problem, Plan plan, Instant now) {
        this.problem = problem;
        this.plan = plan;
        this.nextSlot = Math.max(0, slotAt(now));
    }

    /** Sends the commands of every slot that started by {@code now} and was not handled yet. */
    public List<CompletableFuture<CommandOutcome>> tick(Instant now) {
        List<CompletableFuture<CommandOutcome>> sent = new ArrayList<>();
        if (plan == null) {
            return sent;
        }
        int current = Math.min(slotAt(now), plan.slots() - 1);
        // only the latest started slot matters: states of slots missed in between are already past
        if (current >= nextSlot) {
            for (Plan.DeviceSchedule device : plan.devices()) {
                EnergyProblem.Control control = control(device.id());
                if (control == null || control.thingId() == null || control.path() == null) {
                    continue;
                }
                String state = PlanGraphWriter.command(device.kind(), device.powerW().get(current));
                if (state.equals(lastSent.get(device.id()))) {
                    continue;
                }
                lastSent.put(device.id(), state);
                sent.add(gateway.send(new DeviceCommand(ThingId.of(control.thingId()), JsonPointer.of(control.path()),
                        value(control, state), "plan-" + device.id() + "-" + current)));
            }
            nextSlot = current + 1;
        }
        return sent;
    }

    /** The slot index at a time (negative before the plan). */
    int slotAt(Instant t) {
        long seconds = t.getEpochSecond() - plan.start().getEpochSecond();
        return (int) Math.floorDiv(seconds, 60L * plan.slotMinutes());
    }

    private EnergyProblem.Control control(String id) {
        for (EnergyProblem.Load l : problem.loads()) {
            if (l.id().equals(id)) {
                return l.control();
            }
        }
        for (EnergyProblem.Ev e : problem.evs()) {
            if (e.id().equals(id)) {
                return e.control();
            }
        }
        return problem.battery() != null && problem.battery().id().equals(id) ? problem.battery().control() : null;
    }

    /** The JSON value a state is commanded with: from the control's values, else true/false or the state's name. */
    static JsonValue value(EnergyProblem.Control control, String state) {
        JsonNode configured = control.values().get(state);
        if (configured != null) {
            return JsonFactory.readFrom(configured.toString());
        }
        return switch (state) {
            case "on" -> JsonValue.of(true);
            case "off" -> JsonValue.of(false);
            default -> JsonValue.of(state);
        };
    }
}
