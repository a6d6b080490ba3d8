package io.twingraph.planners.execution;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;

import com.fasterxml.jackson.databind.JsonNode;

import io.twingraph.engine.command.CommandOutcome;
import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.problem.ProblemFiles;
import io.twingraph.planners.solve.CostModel;
import io.twingraph.planners.solve.EnergyPlanner;
import io.twingraph.planners.solve.Plan;
import io.twingraph.twins.TwinEvent;

/**
 * One plan being carried out: its executor, the problem and schedule it follows now (replaced by each replan), what
 * was sent in each slot, the replans, and the changes waiting for the next replan. Thread-safe: the scheduler's
 * thread ticks, observes and replans; the API reads views and queues price updates. Solving happens outside the
 * lock (see {@link ExecutionScheduler}).
 */
final class PlanExecution {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    final String planId;
    private final PlanExecutor executor;
    private final Instant startedAt;
    private final Instant departureDefault;
    private final double evTargetSocPercent;
    private EnergyProblem problem;
    private EnergySchedule schedule;
    private Plan plan;
    /** Slots of the first plan before the current problem's start. */
    private int offset;
    private long generation;
    private String state = "running";
    private Instant endedAt;
    private String endReason;
    private Integer lastSlot;
    private final List<SlotEntry> slots = new ArrayList<>();
    private final List<ExecutionView.Replan> replans = new ArrayList<>();
    private int replansStarted;
    private final Pending pending = new Pending();

    /** Changes waiting for the next replan. */
    private static final class Pending {
        final List<String> reasons = new ArrayList<>();
        final List<PricePeriod> prices = new ArrayList<>();
        final Map<String, String> loads = new LinkedHashMap<>();
        final Map<String, Optional<EnergyProblem.Ev>> evs = new LinkedHashMap<>();
    }

    /** A replan's input, taken under the lock; solved outside it. */
    record ReplanInput(int number, Instant at, List<String> reasons, EnergyProblem problem, EnergySchedule previous,
                       int shift, int fromSlot) {
    }

    private record SlotEntry(int slot, Instant start, Instant handledAt, Integer afterReplan,
                             List<CommandEntry> commands) {
    }

    private static final class CommandEntry {
        final PlanExecutor.Sent sent;
        volatile CommandOutcome outcome;

        CommandEntry(PlanExecutor.Sent sent) {
            this.sent = sent;
        }
    }

    PlanExecution(String planId, EnergyProblem problem, EnergyPlanner.Result result, PlanExecutor executor,
                  Instant now, double evTargetSocPercent) {
        this.planId = planId;
        this.problem = problem;
        this.schedule = result.schedule();
        this.plan = result.plan();
        this.executor = executor;
        this.startedAt = now;
        this.departureDefault = problem.end();
        this.evTargetSocPercent = evTargetSocPercent;
        executor.follow(problem, plan, now);
    }

    // ------------------------------------------------------------------------------------------------ carrying out

    /** Sends what the slot started by {@code now} needs, if it was not handled yet. */
    synchronized void tick(Instant now) {
        if (running()) {
            executor.tick(now).ifPresent(step -> record(step, now, null));
        }
    }

    private void record(PlanExecutor.Step step, Instant now, Integer replan) {
        int slot = offset + step.slot();
        boolean again = lastSlot != null && lastSlot == slot;
        if (again && step.sent().isEmpty()) {
            return; // a replan that changed nothing in a slot already carried out
        }
        List<CommandEntry> commands = new ArrayList<>();
        for (PlanExecutor.Sent sent : step.sent()) {
            CommandEntry entry = new CommandEntry(sent);
            sent.outcome().thenAccept(o -> entry.outcome = o);
            commands.add(entry);
        }
        lastSlot = slot;
        slots.add(new SlotEntry(slot, slotStart(step.slot()), now, again ? replan : null, commands));
    }

    /** The start of the next slot of the plan followed now, or empty once the horizon has ended. */
    synchronized Optional<Instant> nextSlotStart(Instant now) {
        if (!now.isBefore(problem.end())) {
            return Optional.empty();
        }
        int next = Math.max(0, slotOf(now) + 1);
        return Optional.of(next >= problem.slots() ? problem.end() : slotStart(next));
    }

    synchronized boolean over(Instant now) {
        return !now.isBefore(problem.end());
    }

    synchronized boolean running() {
        return "running".equals(state);
    }

    synchronized long generation() {
        return generation;
    }

    synchronized void end(String newState, String reason, Instant now) {
        if (running()) {
            state = newState;
            endReason = reason;
            endedAt = now;
        }
    }

    /** The twins whose changes may make a replan necessary: every controlled device of the plan. */
    synchronized Set<ThingId> watchedThings() {
        Set<ThingId> ids = new HashSet<>();
        controls().values().forEach(c -> ids.add(ThingId.of(c.thingId())));
        return ids;
    }

    // ----------------------------------------------------------------------------------------------- divergences

    /**
     * Compares committed twin changes with the plan: a load or charger switched to another state than the one last
     * sent (started early, stopped), a car plugged in or out. What is found waits for the next replan.
     *
     * @return true when a replan is needed
     */
    synchronized boolean observe(List<TwinEvent> events, Instant now) {
        if (!running() || over(now)) {
            return false;
        }
        boolean found = false;
        Map<String, EnergyProblem.Control> controls = controls();
        for (TwinEvent event : events) {
            for (Map.Entry<String, EnergyProblem.Control> e : controls.entrySet()) {
                if (e.getKey().equals(battery()) || !e.getValue().thingId().equals(event.thingId().toString())) {
                    continue;
                }
                found |= switched(e.getKey(), e.getValue(), event, now);
            }
            found |= plugged(event, now);
        }
        return found;
    }

    private boolean switched(String device, EnergyProblem.Control control, TwinEvent event, Instant now) {
        Optional<JsonValue> before = TwinReadings.at(event.before(), control.path());
        Optional<JsonValue> after = TwinReadings.at(event.after(), control.path());
        if (after.isEmpty() || after.equals(before)) {
            return false;
        }
        String state = after.get().equals(PlanExecutor.value(control, "on")) ? "on"
                : after.get().equals(PlanExecutor.value(control, "off")) ? "off" : null;
        String expected = executor.lastSent(device).orElse("off");
        if (state == null || state.equals(expected)) {
            return false; // what the plan asked for (a command confirmed), or a value the plan does not know
        }
        executor.assume(device, state);
        boolean ev = problem.evs().stream().anyMatch(x -> x.id().equals(device));
        if (ev) {
            pending.evs.put(device, evNow(event.after(), now));
            pending.reasons.add(device + (state.equals("on") ? " started" : " stopped") + " charging at "
                    + HH_MM.format(now) + " though the plan said " + expected);
        } else {
            pending.loads.put(device, state);
            pending.reasons.add(device + " was switched " + state + " at " + HH_MM.format(now) + " though the plan said "
                    + expected + (state.equals("on") ? " (started early)" : " (stopped)"));
        }
        return true;
    }

    private boolean plugged(TwinEvent event, Instant now) {
        boolean was = TwinReadings.plugged(event.before());
        boolean is = TwinReadings.plugged(event.after());
        if (was == is) {
            return false;
        }
        String id = event.thingId().toString();
        if (is) {
            Optional<EnergyProblem.Ev> ev = evNow(event.after(), now);
            if (ev.isEmpty()) {
                return false; // a car that needs nothing: nothing to plan
            }
            pending.evs.put(id, ev);
            pending.reasons.add("a car was plugged in at " + id + " at " + HH_MM.format(now) + " (needs "
                    + ev.get().energyKwh() + " kWh by " + ev.get().departure() + ")");
            return true;
        }
        if (problem.evs().stream().noneMatch(x -> x.id().equals(id))) {
            return false;
        }
        pending.evs.put(id, Optional.empty());
        pending.reasons.add("the car at " + id + " was unplugged at " + HH_MM.format(now));
        return true;
    }

    private Optional<EnergyProblem.Ev> evNow(Thing twin, Instant now) {
        Instant departure = problem.evs().stream().filter(x -> x.id().equals(twin.getEntityId().orElseThrow().toString()))
                .map(EnergyProblem.Ev::departure).filter(d -> d != null).findFirst().orElse(departureDefault);
        Instant arrival = slotStart(Math.max(0, slotOf(now)));
        return TwinReadings.ev(twin, evTargetSocPercent, arrival, departure, problem.slotMinutes());
    }

    /**
     * Queues a price update for the next replan.
     *
     * @throws io.twingraph.error.TwinGraphException {@code plans:tariff.invalid} when no slot still to come is covered
     */
    synchronized void priceUpdate(List<PricePeriod> periods, Instant now) {
        int current = slotOf(now);
        int covered = RollForward.covered(problem, current, periods);
        if (covered == 0) {
            throw PricePeriod.invalid("no period covers a slot of the plan from " + slotStart(Math.max(0, current))
                    + " to " + problem.end());
        }
        pending.prices.addAll(periods);
        pending.reasons.add("price update at " + HH_MM.format(now) + " for " + covered + " slot(s)");
    }

    // --------------------------------------------------------------------------------------------------- replans

    /**
     * Takes the waiting changes for a replan from the current slot.
     *
     * @param twins reads a twin as it is now (the battery's charge)
     * @return empty when nothing waits, the execution ended or the horizon is over
     */
    synchronized Optional<ReplanInput> takeReplan(Instant now, Function<String, Optional<Thing>> twins) {
        if (pending.reasons.isEmpty() || !running() || over(now)) {
            return Optional.empty();
        }
        int current = slotOf(now);
        Double soc = problem.battery() == null || problem.battery().control() == null ? null
                : twins.apply(problem.battery().control().thingId())
                        .flatMap(t -> TwinReadings.number(t, TwinReadings.BATTERY_SOC)).orElse(null);
        RollForward.Changes changes = new RollForward.Changes(List.copyOf(pending.prices), Map.copyOf(pending.loads),
                new LinkedHashMap<>(pending.evs), soc);
        List<String> reasons = List.copyOf(pending.reasons);
        pending.reasons.clear();
        pending.prices.clear();
        pending.loads.clear();
        pending.evs.clear();
        int number = ++replansStarted;
        int shift = Math.max(0, current);
        try {
            EnergyProblem next = RollForward.roll(problem, schedule, current, changes);
            return Optional.of(new ReplanInput(number, now, reasons, next, schedule, shift, offset + shift));
        } catch (RuntimeException e) {
            failed(new ReplanInput(number, now, reasons, null, schedule, shift, offset + shift), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Follows a replan's plan from now on, unless the execution ended meanwhile; the current slot's changed states
     * are sent at once.
     *
     * @return true when applied
     */
    synchronized boolean apply(ReplanInput in, EnergyPlanner.WarmStartSchedule warm, Double costBefore,
                               EnergyPlanner.Result result, Instant now) {
        if (!running()) {
            return false;
        }
        Plan next = result.plan();
        replans.add(new ExecutionView.Replan(in.number(), in.at(), in.reasons(), in.fromSlot(), "applied",
                warm.carried(), costBefore == null ? null : round(costBefore), round(CostModel.cost(result.schedule())),
                next.status(), next.brokenConstraints(), next.solveMillis(), null));
        problem = in.problem();
        schedule = result.schedule();
        plan = next;
        offset = in.fromSlot();
        generation++;
        executor.follow(problem, plan, now);
        executor.tick(now).ifPresent(step -> record(step, now, in.number()));
        return true;
    }

    synchronized void failed(ReplanInput in, String error) {
        replans.add(new ExecutionView.Replan(in.number(), in.at(), in.reasons(), in.fromSlot(), "failed", null, null,
                null, null, null, null, error));
    }

    synchronized EnergyProblem problem() {
        return problem;
    }

    // ------------------------------------------------------------------------------------------------------ views

    synchronized ExecutionView view() {
        List<ExecutionView.ExecutedSlot> done = new ArrayList<>();
        for (SlotEntry s : slots) {
            List<ExecutionView.Command> commands = new ArrayList<>();
            for (CommandEntry c : s.commands()) {
                commands.add(command(c));
            }
            done.add(new ExecutionView.ExecutedSlot(s.slot(), s.start(), s.handledAt(), s.afterReplan(), commands));
        }
        return new ExecutionView(planId, state, startedAt, endedAt, endReason, lastSlot, replans.size(), plan, done,
                List.copyOf(replans));
    }

    private static ExecutionView.Command command(CommandEntry c) {
        CommandOutcome o = c.outcome;
        String status = o == null ? "sent" : switch (o.status()) {
            case CONFIRMED -> "confirmed";
            case NOT_CONFIRMED -> "not-confirmed";
            case FAILED -> "failed";
        };
        JsonNode value;
        try {
            value = ProblemFiles.MAPPER.readTree(c.sent.command().value().toString());
        } catch (Exception e) {
            value = null;
        }
        return new ExecutionView.Command(c.sent.device(), c.sent.command().thingId().toString(),
                c.sent.command().path().toString(), value, c.sent.state(), status, o == null ? null : o.detail(),
                o == null ? null : o.settledAt());
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private int slotOf(Instant t) {
        return (int) Math.floorDiv(t.getEpochSecond() - problem.start().getEpochSecond(), 60L * problem.slotMinutes());
    }

    private Instant slotStart(int slot) {
        return problem.start().plus(problem.slotLength().multipliedBy(slot));
    }

    private String battery() {
        return problem.battery() == null ? null : problem.battery().id();
    }

    /** The controls of the current problem's devices, by device id. */
    private Map<String, EnergyProblem.Control> controls() {
        Map<String, EnergyProblem.Control> controls = new LinkedHashMap<>();
        problem.loads().forEach(l -> put(controls, l.id(), l.control()));
        problem.evs().forEach(e -> put(controls, e.id(), e.control()));
        if (problem.battery() != null) {
            put(controls, problem.battery().id(), problem.battery().control());
        }
        return controls;
    }

    private static void put(Map<String, EnergyProblem.Control> controls, String id, EnergyProblem.Control c) {
        if (c != null && c.thingId() != null && c.path() != null) {
            controls.put(id, c);
        }
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
