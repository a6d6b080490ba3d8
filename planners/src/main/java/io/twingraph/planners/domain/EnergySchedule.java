package io.twingraph.planners.domain;

import java.util.List;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.ProblemFactProperty;
import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;

/**
 * The planning solution: slots, loads and battery as facts; load runs and battery slots as entities. The hard score
 * counts what breaks a physical or user limit (see the constraints), the soft score is minus the weighted cost in
 * micro-currency.
 */
@PlanningSolution
public class EnergySchedule {
    @ProblemFactCollectionProperty
    private List<Slot> slots;
    @ProblemFactCollectionProperty
    private List<Load> loads;
    @ProblemFactCollectionProperty
    private List<Battery> batteries;
    @ProblemFactProperty
    private PlanSettings settings;
    @PlanningEntityCollectionProperty
    private List<LoadRun> runs;
    @PlanningEntityCollectionProperty
    private List<BatterySlot> batterySlots;
    @PlanningScore
    private HardSoftLongScore score;

    /** For Timefold's cloning. */
    public EnergySchedule() {
    }

    public EnergySchedule(List<Slot> slots, List<Load> loads, List<Battery> batteries, PlanSettings settings,
                          List<LoadRun> runs, List<BatterySlot> batterySlots) {
        this.slots = slots;
        this.loads = loads;
        this.batteries = batteries;
        this.settings = settings;
        this.runs = runs;
        this.batterySlots = batterySlots;
    }

    public List<Slot> getSlots() {
        return slots;
    }

    public List<Load> getLoads() {
        return loads;
    }

    public List<Battery> getBatteries() {
        return batteries;
    }

    public PlanSettings getSettings() {
        return settings;
    }

    public List<LoadRun> getRuns() {
        return runs;
    }

    public List<BatterySlot> getBatterySlots() {
        return batterySlots;
    }

    public HardSoftLongScore getScore() {
        return score;
    }

    public void setScore(HardSoftLongScore score) {
        this.score = score;
    }

    /** Sum of planned draws per slot, W. */
    public long[] drawsPerSlot() {
        long[] draws = new long[slots.size()];
        for (LoadRun run : runs) {
            if (run.getStart() != null) {
                for (Draw d : run.draws()) {
                    if (d.slot() >= 0 && d.slot() < draws.length) {
                        draws[d.slot()] += d.watts();
                    }
                }
            }
        }
        for (BatterySlot b : batterySlots) {
            if (b.getLevel() != null) {
                draws[b.getSlot()] += b.watts();
            }
        }
        return draws;
    }
}
