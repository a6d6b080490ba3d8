package io.twingraph.planners.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.twingraph.engine.TwinGraphEngine;
import io.twingraph.engine.command.CommandGateway;
import io.twingraph.error.TwinGraphException;
import io.twingraph.planners.graph.PlanGraphWriter;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.solve.CostModel;
import io.twingraph.planners.solve.EnergyPlanner;
import io.twingraph.twins.DeviceCommand;
import io.twingraph.twins.TwinEvent;

/**
 * Carries out one plan at a time in a running TwinGraph and replans it when the world moves:
 * <ul>
 * <li>{@link #execute}: the plan is followed from now on, replacing the plan executed before; its commands go
 * through the app's {@link CommandGateway} once at once and then at each slot start, until the horizon ends or
 * {@link #stop};</li>
 * <li>a replan from the current solution (warm start, {@link EnergyPlanner#warmStart}) over the rest of the horizon
 * follows a price update ({@link #updatePrices}) and committed twin changes that leave the plan: a controlled load or
 * charger switched to another state than the one sent (started early, stopped), a car plugged in or unplugged at a
 * wallbox ({@code charger/plugged}). Changes that arrive together are replanned once. Each replan is written to the
 * plans graph ({@link PlanGraphWriter#writeReplan}) and listed, with its reasons, in the execution's view.</li>
 * </ul>
 * All of it runs on the {@link Timer}'s one thread; twin events are only filtered on the engine's writer thread and
 * handed over, so the writer never waits for a solve.
 */
public final class ExecutionScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionScheduler.class);
    static final int KEPT = 100;

    /**
     * @param replanLimit        longest replan solve
     * @param evTargetSocPercent the charge a car plugged in during execution is planned to (departure: the end of
     *                           the horizon)
     */
    public record Settings(Duration replanLimit, double evTargetSocPercent) {
        /** Replans of at most 2 s (stopping after 0.5 s without improvement); cars to 80 %. */
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(2), 80);
    }

    private final TwinGraphEngine engine;
    private final CommandGateway gateway;
    private final EnergyPlanner planner;
    private final Timer timer;
    private final Settings settings;
    private final Object lock = new Object();
    private volatile PlanExecution running;
    private volatile Set<ThingId> watched = Set.of();
    private volatile boolean closed;
    private final Map<String, PlanExecution> executions = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PlanExecution> eldest) {
            return size() > KEPT && eldest.getValue() != running;
        }
    };

    /**
     * @param gateway the app's command gateway (the one rules use too)
     * @param timer   where ticks and replans run
     */
    public ExecutionScheduler(TwinGraphEngine engine, CommandGateway gateway, EnergyPlanner planner, Timer timer,
                              Settings settings) {
        this.engine = engine;
        this.gateway = gateway;
        this.planner = planner;
        this.timer = timer;
        this.settings = settings;
        engine.onCommitted(this::committed);
    }

    /** A scheduler on a {@link ClockTimer} of the engine's clock, with the default settings. */
    public static ExecutionScheduler start(TwinGraphEngine engine, CommandGateway gateway, EnergyPlanner planner) {
        return new ExecutionScheduler(engine, gateway, planner, new ClockTimer(engine.clock()), Settings.DEFAULTS);
    }

    /**
     * Carries out a solved plan from now on; the plan executed before, if any, ends as {@code replaced}.
     *
     * @throws TwinGraphException {@code plans:plan.over} (409) when its horizon has ended;
     *                            {@code plans:control.invalid} (400) when a device's control cannot be commanded
     */
    public ExecutionView execute(String planId, EnergyProblem problem, EnergyPlanner.Result result) {
        Instant now = engine.clock().instant();
        if (!now.isBefore(problem.end())) {
            throw new TwinGraphException("plans:plan.over", TwinGraphException.Kind.CONFLICT,
                    "Plan '" + planId + "' ended at " + problem.end() + "; there is nothing left to carry out",
                    "Make a new plan (POST /api/plans) and execute that.");
        }
        checkControls(problem);
        PlanExecution execution = new PlanExecution(planId, problem, result, new PlanExecutor(gateway), now,
                settings.evTargetSocPercent());
        PlanExecution previous;
        synchronized (lock) {
            previous = running;
            running = execution;
            watched = execution.watchedThings();
            executions.remove(planId);
            executions.put(planId, execution);
        }
        if (previous != null) {
            previous.end("replaced", "plan " + planId + " is carried out instead", now);
        }
        long generation = execution.generation();
        timer.now(() -> wake(execution, generation));
        return execution.view();
    }

    /**
     * Stops carrying out a plan; devices stay as they are.
     *
     * @throws TwinGraphException {@code plans:execution.notrunning} (409) when that plan is not being carried out
     */
    public ExecutionView stop(String planId) {
        PlanExecution execution;
        synchronized (lock) {
            execution = runningOrThrow(planId);
            running = null;
            watched = Set.of();
        }
        execution.end("stopped", "stopped on request", engine.clock().instant());
        return execution.view();
    }

    /**
     * Queues a price update of the running plan; it is replanned from the current slot on the scheduler's thread.
     *
     * @throws TwinGraphException {@code plans:execution.notrunning} (409), {@code plans:tariff.invalid} (400) when no
     *                            period covers a slot still to come
     */
    public ExecutionView updatePrices(String planId, List<PricePeriod> periods) {
        if (periods == null || periods.isEmpty()) {
            throw PricePeriod.invalid("no price periods");
        }
        PlanExecution execution;
        synchronized (lock) {
            execution = runningOrThrow(planId);
        }
        execution.priceUpdate(periods, engine.clock().instant());
        timer.now(() -> replan(execution));
        return execution.view();
    }

    /** How the execution of a plan stands, if it was ever executed (the last {@value #KEPT} are kept). */
    public Optional<ExecutionView> view(String planId) {
        PlanExecution execution;
        synchronized (lock) {
            execution = executions.get(planId);
        }
        return Optional.ofNullable(execution).map(PlanExecution::view);
    }

    /** The plan being carried out now, if any. */
    public Optional<String> runningPlan() {
        PlanExecution r = running;
        return r == null ? Optional.empty() : Optional.of(r.planId);
    }

    // ------------------------------------------------------------------------------------- on the timer's thread

    private void wake(PlanExecution execution, long generation) {
        if (closed || running != execution || execution.generation() != generation) {
            return; // replaced, stopped, or a replan started a new chain of wake-ups
        }
        Instant now = engine.clock().instant();
        try {
            execution.tick(now);
        } catch (RuntimeException e) {
            // one bad slot must not end the execution: the next slot start is still woken
            LOG.warn("Carrying out slot of plan {} failed", execution.planId, e);
        }
        Optional<Instant> next = execution.nextSlotStart(now);
        if (next.isEmpty()) {
            finish(execution, now);
            return;
        }
        timer.at(next.get(), () -> wake(execution, generation));
    }

    private void finish(PlanExecution execution, Instant now) {
        synchronized (lock) {
            if (running == execution) {
                running = null;
                watched = Set.of();
            }
        }
        execution.end("finished", "the horizon ended at " + execution.problem().end(), now);
    }

    private void observe(PlanExecution execution, List<TwinEvent> events) {
        if (running == execution && execution.observe(events, engine.clock().instant())) {
            replan(execution);
        }
    }

    private void replan(PlanExecution execution) {
        if (closed || running != execution) {
            return;
        }
        Instant now = engine.clock().instant();
        Optional<PlanExecution.ReplanInput> input = execution.takeReplan(now,
                id -> engine.twins().get(ThingId.of(id)));
        if (input.isEmpty()) {
            return; // nothing waits: an earlier replan took these changes
        }
        PlanExecution.ReplanInput in = input.get();
        try {
            EnergyPlanner.WarmStartSchedule warm = planner.warmStart(in.problem(), in.previous(), in.shift(), Set.of());
            Double before = warm.complete() ? CostModel.cost(warm.schedule()) : null;
            Duration limit = settings.replanLimit();
            EnergyPlanner.Result result = planner.solve(in.problem(), warm.schedule(),
                    new EnergyPlanner.Limits(limit, limit.dividedBy(4)), null);
            Instant applied = engine.clock().instant();
            if (execution.apply(in, warm, before, result, applied)) {
                record(execution, in, result, applied);
                synchronized (lock) {
                    if (running == execution) {
                        watched = execution.watchedThings();
                    }
                }
                long generation = execution.generation();
                timer.now(() -> wake(execution, generation));
                LOG.info("Plan {} replanned ({}): cost {} -> {}", execution.planId, String.join("; ", in.reasons()),
                        before, CostModel.cost(result.schedule()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Replanning plan {} failed: {}", execution.planId, e.getMessage());
            execution.failed(in, e.getMessage());
        }
    }

    /** Writes an applied replan to the plans graph; a failure there does not undo the replan, it is logged. */
    private void record(PlanExecution execution, PlanExecution.ReplanInput in, EnergyPlanner.Result result, Instant at) {
        try {
            PlanGraphWriter.writeReplan(engine.graph(), execution.planId, in.number(), result.plan(),
                    PlanGraphWriter.thingIris(in.problem()), at, in.reasons());
        } catch (RuntimeException e) {
            LOG.warn("Replan {} of plan {} is carried out but could not be written to the plans graph: {}",
                    in.number(), execution.planId, e.toString());
        }
    }

    // -------------------------------------------------------------------------------- on the engine's writer thread

    /** Hands the events that may leave the plan to the timer's thread; everything else is dropped here. */
    private void committed(List<TwinEvent> events) {
        PlanExecution execution = running;
        if (execution == null || closed) {
            return;
        }
        Set<ThingId> things = watched;
        List<TwinEvent> relevant = events.stream()
                .filter(e -> !e.replayed() && e.before() != null && e.after() != null)
                .filter(e -> things.contains(e.thingId()) || touchesCharger(e))
                .toList();
        if (!relevant.isEmpty()) {
            timer.now(() -> observe(execution, relevant));
        }
    }

    private static final JsonPointer CHARGER = JsonPointer.of("/features/charger");

    /** Cheap test of whether an event may change a wallbox's {@code plugged}: it touches a charger feature. */
    static boolean touchesCharger(TwinEvent e) {
        String path = e.path().toString();
        if (path.startsWith("/features/charger")) {
            return true;
        }
        JsonValue value = e.value();
        if (value == null || !value.isObject()) {
            return false;
        }
        JsonObject object = value.asObject();
        if (path.equals("/features")) {
            return object.contains("charger"); // telemetry merges its features here
        }
        return (path.isEmpty() || path.equals("/")) && object.getValue(CHARGER).isPresent();
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private PlanExecution runningOrThrow(String planId) {
        PlanExecution r = running;
        if (r == null || !r.planId.equals(planId)) {
            throw new TwinGraphException("plans:execution.notrunning", TwinGraphException.Kind.CONFLICT,
                    "Plan '" + planId + "' is not being carried out"
                            + (r == null ? "" : " (plan '" + r.planId + "' is)"),
                    "POST /api/plans/{id}/execute carries a plan out.");
        }
        return r;
    }

    /** Every control must name a twin and a feature property, or its commands could never be sent. */
    private static void checkControls(EnergyProblem problem) {
        java.util.function.BiConsumer<String, EnergyProblem.Control> check = (id, c) -> {
            if (c == null || c.thingId() == null && c.path() == null) {
                return;
            }
            try {
                new DeviceCommand(ThingId.of(c.thingId()), JsonPointer.of(c.path()), JsonValue.of(true), "check");
            } catch (RuntimeException e) {
                throw new TwinGraphException("plans:control.invalid", TwinGraphException.Kind.INVALID,
                        "Device '" + id + "' cannot be commanded: " + e.getMessage(),
                        "A control needs a thingId (namespace:name) and a path /features/{feature}/properties/{property}.");
            }
        };
        problem.loads().forEach(l -> check.accept(l.id(), l.control()));
        problem.evs().forEach(e -> check.accept(e.id(), e.control()));
        if (problem.battery() != null) {
            check.accept(problem.battery().id(), problem.battery().control());
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.close();
    }
}
