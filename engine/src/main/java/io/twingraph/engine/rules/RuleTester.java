package io.twingraph.engine.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.twingraph.engine.rules.facts.Device;
import io.twingraph.engine.rules.facts.Goal;
import io.twingraph.engine.rules.facts.PriceSlot;
import io.twingraph.engine.rules.facts.Reading;
import io.twingraph.engine.rules.facts.Room;

/**
 * One rule package on its own, driven by hand on Drools' pseudo clock: for unit tests of rules and for replaying
 * recorded series (evaluations). No engine, graph or devices; what the rules ask for comes back as decisions with
 * status {@code recorded}, and anomalies they raise are inserted as facts as the runtime does. The {@code graph}
 * global is not available.
 */
public final class RuleTester implements AutoCloseable {
    private final CompiledPackage pkg;
    private final RuleSession session;
    private final List<Decision> decisions = new ArrayList<>();
    private final int firingLimit;

    private RuleTester(CompiledPackage pkg, Instant start, int firingLimit) {
        this.pkg = pkg;
        this.session = new RuleSession(pkg, null, start.toEpochMilli());
        this.firingLimit = firingLimit;
    }

    /** Compiles the DRL (throwing {@link RuleCompilationException} with lines when it does not) and starts at {@code start}. */
    public static RuleTester of(String drl, Instant start) {
        return new RuleTester(RuleCompiler.compile("test", drl).withVersion(1), start, 10_000);
    }

    /** As {@link #of}, with another firing limit (to test the loop guard cheaply). */
    public static RuleTester of(String drl, Instant start, int firingLimit) {
        return new RuleTester(RuleCompiler.compile("test", drl).withVersion(1), start, firingLimit);
    }

    /** Inserts or replaces a device (by id). */
    public RuleTester device(Device device) {
        session.apply(new World.Change(List.of(device), List.of(), List.of(), List.of(), session.now()));
        return this;
    }

    /** Inserts or replaces a room (by IRI). */
    public RuleTester room(Room room) {
        session.apply(new World.Change(List.of(), List.of(), List.of(room), List.of(), session.now()));
        return this;
    }

    public RuleTester goal(Goal goal) {
        session.goal(goal);
        return this;
    }

    public RuleTester prices(List<PriceSlot> slots) {
        session.prices(slots);
        return this;
    }

    /** Inserts a reading at its own time, moving the clock there first (readings arrive in time order). */
    public RuleTester reading(Reading reading) {
        session.advanceTo(reading.time());
        session.apply(new World.Change(List.of(), List.of(), List.of(), List.of(reading), reading.time()));
        return this;
    }

    /** A reading of a device's property at a time. */
    public RuleTester reading(Device device, String key, Object value, Instant at) {
        return reading(Reading.of(device.id(), device.type(), device.room(), key, value, at));
    }

    /**
     * Moves the rule clock (timers and windows see the new time at the next {@link #fire}). Drools evaluates at fire
     * time, so a timer counts from the {@link #fire} after its facts arrived, as in the runtime, which fires right
     * after every change.
     */
    public RuleTester advanceTo(Instant time) {
        session.advanceTo(time.toEpochMilli());
        return this;
    }

    /** Fires what is due and returns the decisions made now (anomalies raised are inserted and fired on). */
    public List<Decision> fire() {
        List<Decision> now = FiringRounds.fire(List.of(session), firingLimit,
                (compiled, f) -> RuleRuntime.decisionsOf(compiled, f, null, Map.of()));
        decisions.addAll(now);
        return now;
    }

    /** Every decision since the start, in order. */
    public List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    /** Rules the firing limit stopped. */
    public Map<String, String> disabled() {
        return session.disabled();
    }

    public Instant now() {
        return Instant.ofEpochMilli(session.now());
    }

    @Override
    public void close() {
        session.close();
    }
}
