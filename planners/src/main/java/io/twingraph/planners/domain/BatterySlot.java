package io.twingraph.planners.domain;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPin;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.valuerange.CountableValueRange;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeFactory;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;

/** The battery's power level in one slot (see {@link Battery}); pinned for slots that are already past. */
@PlanningEntity
public class BatterySlot {
    @PlanningId
    private String id;
    private Battery battery;
    private int slot;
    @PlanningVariable(valueRangeProviderRefs = "levelRange")
    private Integer level;
    @PlanningPin
    private boolean pinned;

    /** For Timefold's cloning. */
    public BatterySlot() {
    }

    public BatterySlot(Battery battery, int slot, Integer level) {
        this.id = battery.id() + "#" + slot;
        this.battery = battery;
        this.slot = slot;
        this.level = level;
    }

    /**
     * Levels from full discharge to full charge. On the entity rather than the solution: Timefold 1.32 fails
     * ("no basic variable found") when one entity class has entity ranges and another a solution range.
     */
    @ValueRangeProvider(id = "levelRange")
    public CountableValueRange<Integer> levelRange() {
        return ValueRangeFactory.createIntValueRange(-battery.steps(), battery.steps() + 1);
    }

    public Draw draw() {
        return new Draw(slot, battery.watts(level));
    }

    public int watts() {
        return battery.watts(level);
    }

    public long storedMilliWh() {
        return battery.storedMilliWh(level);
    }

    public String getId() {
        return id;
    }

    public Battery getBattery() {
        return battery;
    }

    public int getSlot() {
        return slot;
    }

    public Integer getLevel() {
        return level;
    }

    public void setLevel(Integer level) {
        this.level = level;
    }

    public boolean isPinned() {
        return pinned;
    }

    public void setPinned(boolean pinned) {
        this.pinned = pinned;
    }

    @Override
    public String toString() {
        return id + "=" + level;
    }
}
