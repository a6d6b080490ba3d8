package io.twingraph.planners.solve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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

    /** @return how many decisions (run starts and battery levels) were carried over */
    static int apply(EnergySchedule previous, EnergySchedule next, int slotShift, Set<String> pinnedRunIds) {
        Map<String, LoadRun> runs = new HashMap<>();
        previous.getRuns().forEach(r -> runs.put(r.getId(), r));
        Set<String> used = new HashSet<>();
        int carried = 0;
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
                used.add(before.getId());
                carried++;
            }
        }
        carried += fillFromLeftovers(previous, next, slotShift, used);
        Map<Integer, Integer> levels = new HashMap<>();
        previous.getBatterySlots().forEach(b -> levels.put(b.getSlot() - slotShift, b.getLevel()));
        for (BatterySlot slot : next.getBatterySlots()) {
            Integer level = levels.get(slot.getSlot());
            if (level != null && slot.levelRange().contains(level)) {
                slot.setLevel(level);
                carried++;
            }
        }
        return carried;
    }

    /**
     * Runs whose id found nothing to carry take, in order, the starts of the same load's earlier runs that nobody
     * took: after a replan in the middle of an EV charge the remaining runs are numbered from 0 again, and without
     * this they would all start unassigned although the earlier plan still says where the rest of the charge goes.
     */
    private static int fillFromLeftovers(EnergySchedule previous, EnergySchedule next, int slotShift, Set<String> used) {
        Map<String, Deque<LoadRun>> leftovers = new HashMap<>();
        previous.getRuns().stream()
                .filter(r -> r.getStart() != null && !used.contains(r.getId()) && r.getStart() - slotShift >= 0)
                .sorted(Comparator.comparingInt(LoadRun::getStart))
                .forEach(r -> leftovers.computeIfAbsent(r.getLoad().id(), k -> new ArrayDeque<>()).add(r));
        int carried = 0;
        List<LoadRun> open = new ArrayList<>(next.getRuns().stream().filter(r -> r.getStart() == null).toList());
        for (LoadRun run : open) {
            Deque<LoadRun> candidates = leftovers.get(run.getLoad().id());
            while (candidates != null && !candidates.isEmpty()) {
                LoadRun before = candidates.poll();
                int start = before.getStart() - slotShift;
                if (before.length() == run.length() && run.startRange().contains(start)) {
                    run.setStart(start);
                    carried++;
                    break;
                }
            }
        }
        return carried;
    }
}
