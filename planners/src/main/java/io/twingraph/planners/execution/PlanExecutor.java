package io.twingraph.planners.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * the {@link CommandGateway}, only when it differs from the state last sent. Time comes from the caller (the
 * {@link ExecutionScheduler} calls {@code tick} at each slot start with the engine's clock; tests pass the times they
 * want). Replacing the plan ({@link #follow}) after a replan keeps what was sent, so unchanged states are not sent
 * again; a device that the new plan no longer has and that was last sent {@code on} or {@code charge}/{@code
 * discharge} is sent {@code off}/{@code idle} once. Not thread-safe: call it from one thread.
 */
public final class PlanExecutor {
    private final CommandGateway gateway;
    private EnergyProblem problem;
    private Plan plan;
    private int nextSlot;
    private final Map<String, String> lastSent = new HashMap<>();
    /** Every device's control and kind seen in any plan followed, for devices that leave the plan. */
    private final Map<String, Controlled> known = new LinkedHashMap<>();

    private record Controlled(EnergyProblem.Control control, String kind) {
    }

    /**
     * One command a tick sent.
     *
     * @param slot    the slot of the followed plan it carries out
     * @param device  the planned device's id
     * @param state   the planned state ({@code on}, {@code off}, {@code charge}, ...)
     * @param outcome completes when the twin confirms the value, or not within the gateway's time limit
     */
    public record Sent(int slot, String device, String state, DeviceCommand command,
                      CompletableFuture<CommandOutcome> outcome) {
    }

    /** What a tick did: the slot it carried out (of the followed plan) and the commands that slot needed. */
    public record Step(int slot, List<Sent> sent) {
    }

    public PlanExecutor(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Follows a plan (of this problem) from now on. */
    public void follow(EnergyProblem problem, Plan plan, Instant now) {
        this.problem = problem;
        this.plan = plan;
        this.nextSlot = Math.max(0, slotAt(now));
        for (Plan.DeviceSchedule device : plan.devices()) {
            EnergyProblem.Control control = control(device.id());
            if (control != null && control.thingId() != null && control.path() != null) {
                known.put(device.id(), new Controlled(control, device.kind()));
            }
        }
    }

    /**
     * Sends the commands of every slot that started by {@code now} and was not handled yet.
     *
     * @return the commands sent (possibly none); empty before the plan starts or when this slot was handled already
     */
    public Optional<Step> tick(Instant now) {
        if (plan == null) {
            return Optional.empty();
        }
        int current = Math.min(slotAt(now), plan.slots() - 1);
        // only the latest started slot matters: states of slots missed in between are already past
        if (current < nextSlot) {
            return Optional.empty();
        }
        List<Sent> sent = new ArrayList<>();
        Set<String> planned = new HashSet<>();
        for (Plan.DeviceSchedule device : plan.devices()) {
            planned.add(device.id());
            Controlled c = known.get(device.id());
            if (c != null) {
                send(current, device.id(), c, PlanGraphWriter.command(device.kind(), device.powerW().get(current)), sent);
            }
        }
        known.forEach((id, c) -> {
            String last = lastSent.get(id);
            String rest = PlanGraphWriter.command(c.kind(), 0);
            if (!planned.contains(id) && last != null && !last.equals(rest)) {
                send(current, id, c, rest, sent);
            }
        });
        nextSlot = current + 1;
        return Optional.of(new Step(current, sent));
    }

    private void send(int slot, String device, Controlled c, String state, List<Sent> sent) {
        if (state.equals(lastSent.get(device))) {
            return;
        }
        lastSent.put(device, state);
        DeviceCommand command = new DeviceCommand(ThingId.of(c.control().thingId()), JsonPointer.of(c.control().path()),
                value(c.control(), state), "plan-" + device + "-" + slot);
        sent.add(new Sent(slot, device, state, command, gateway.send(command)));
    }

    /** The state last sent to a device, if any. */
    public Optional<String> lastSent(String device) {
        return Optional.ofNullable(lastSent.get(device));
    }

    /**
     * Takes note that a device is in a state although this executor did not send it (someone switched it), so that
     * the state is sent again only when the plan wants another one.
     */
    public void assume(String device, String state) {
        lastSent.put(device, state);
    }

    /** The plan being followed (null before {@link #follow}). */
    public Plan plan() {
        return plan;
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
