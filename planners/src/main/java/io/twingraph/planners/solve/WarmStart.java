package io.twingraph.planners.solve;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.twingraph.planners.domain.BatterySlot;
import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.domain.LoadRun;

/**
 * Carries an earlier schedule's decisions into a new one: each run keeps its start (shifted to the new horizon) when
 * the new window still allows it, each battery slot its level. What cannot be carried stays unassigned, and
 * Timefold's construction heuristic fills only that before local search continues from the rest.
 */
final class WarmStart {
    private WarmStart() {
    }

    static void apply(EnergySchedule previous, EnergySchedule next, int slotShift, Set<String> pinnedRunIds) {
        Map<String, LoadRun> runs = new HashMap<>();
        previous.getRuns().forEach(r -> runs.put(r.getId(), r));
        for (LoadRun run : next.getRuns()) {
            LoadRun before = runs.get(run.getId());
            if (before == null || before.getStart() == null || before.length() != run.length()) {
                continue;
            }
            int start = before.getStart() - slotShift;
            boolean pinned = pinnedRunIds.contains(run.getId());
            if (pinned || run.startRange().contains(start)) {
                run.setStart(start);
                run.setPinned(pinned);
            }
        }
        Map<Integer, Integer> levels = new HashMap<>();
        previous.getBatterySlots().forEach(b -> levels.put(b.getSlot() - slotShift, b.getLevel()));
        for (BatterySlot slot : next.getBatterySlots()) {
            Integer level = levels.get(slot.getSlot());
            if (level != null && slot.levelRange().contains(level)) {
                slot.setLevel(level);
            }
        }
    }
}
