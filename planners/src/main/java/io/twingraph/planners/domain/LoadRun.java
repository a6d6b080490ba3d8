package io.twingraph.planners.domain;

import java.util.ArrayList;
import java.util.List;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPin;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.valuerange.CountableValueRange;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeFactory;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;

/**
 * One uninterrupted run of a load: a power profile, one value a slot, that starts in the slot the planner picks. The
 * start may stay unassigned only for optional loads. A pinned run (one already running) keeps its start.
 */
@PlanningEntity
public class LoadRun {
    @PlanningId
    private String id;
    private Load load;
    private int[] watts;
    @PlanningVariable(valueRangeProviderRefs = "startRange", allowsUnassigned = true)
    private Integer start;
    @PlanningPin
    private boolean pinned;

    /** For Timefold's cloning. */
    public LoadRun() {
    }

    public LoadRun(String id, Load load, int[] watts, Integer start) {
        this.id = id;
        this.load = load;
        this.watts = watts.clone();
        this.start = start;
    }

    /** The starts that keep the run inside its load's window. */
    @ValueRangeProvider(id = "startRange")
    public CountableValueRange<Integer> startRange() {
        int latest = Math.max(load.earliestSlot(), load.deadlineSlot() - watts.length);
        return ValueRangeFactory.createIntValueRange(load.earliestSlot(), latest + 1);
    }

    /** The power the run draws in each slot it covers. */
    public List<Draw> draws() {
        List<Draw> draws = new ArrayList<>(watts.length);
        for (int i = 0; i < watts.length; i++) {
            draws.add(new Draw(start + i, watts[i]));
        }
        return draws;
    }

    /** Slots the run lasts. */
    public int length() {
        return watts.length;
    }

    /** First slot after the run (exclusive end); only when started. */
    public int end() {
        return start + watts.length;
    }

    /** Energy of the slots from {@code from} (inclusive) to {@code to} (exclusive), counted from the run's start. */
    public double energyWh(int fromOffset, int toOffset) {
        double wh = 0;
        for (int i = Math.max(0, fromOffset); i < Math.min(watts.length, toOffset); i++) {
            wh += watts[i] * load.slotHours();
        }
        return wh;
    }

    public double energyWh() {
        return energyWh(0, watts.length);
    }

    public int wattsAt(int offset) {
        return watts[offset];
    }

    public String getId() {
        return id;
    }

    public Load getLoad() {
        return load;
    }

    public Integer getStart() {
        return start;
    }

    public void setStart(Integer start) {
        this.start = start;
    }

    public boolean isPinned() {
        return pinned;
    }

    public void setPinned(boolean pinned) {
        this.pinned = pinned;
    }

    @Override
    public String toString() {
        return id + "@" + start;
    }
}
