package io.twingraph.planners.solve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.twingraph.planners.domain.Battery;
import io.twingraph.planners.domain.BatterySlot;
import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.domain.Load;
import io.twingraph.planners.domain.LoadRun;
import io.twingraph.planners.domain.Slot;

/** Per-device views of a schedule: power per slot, on-intervals, battery charge. */
final class PlanViews {
    private PlanViews() {
    }

    static List<Plan.DeviceSchedule> devices(EnergySchedule schedule) {
        int n = schedule.getSlots().size();
        Map<Load, double[]> power = new LinkedHashMap<>();
        schedule.getLoads().forEach(l -> power.put(l, new double[n]));
        for (LoadRun run : schedule.getRuns()) {
            if (run.getStart() == null) {
                continue;
            }
            double[] p = power.get(run.getLoad());
            for (int i = 0; i < run.length(); i++) {
                int t = run.getStart() + i;
                if (t >= 0 && t < n) {
                    p[t] += run.wattsAt(i);
                }
            }
        }
        List<Plan.DeviceSchedule> devices = new ArrayList<>();
        power.forEach((load, p) -> devices.add(new Plan.DeviceSchedule(load.id(), load.name(),
                load.kind() == Load.Kind.EV ? "ev" : "appliance", list(p), null, intervals(schedule.getSlots(), p))));
        for (Battery battery : schedule.getBatteries()) {
            double[] p = new double[n];
            double[] soc = new double[n];
            long charge = Math.round(battery.initialWh() * 1000);
            long[] stored = new long[n];
            for (BatterySlot b : schedule.getBatterySlots()) {
                if (b.getLevel() != null) {
                    p[b.getSlot()] = b.watts();
                    stored[b.getSlot()] = b.storedMilliWh();
                }
            }
            for (int t = 0; t < n; t++) {
                charge += stored[t];
                soc[t] = CostModel.round(charge / 1000.0 / battery.capacityWh() * 100, 2);
            }
            devices.add(new Plan.DeviceSchedule(battery.id(), battery.name(), "battery", list(p), list(soc), null));
        }
        return devices;
    }

    static List<Double> grid(EnergySchedule schedule) {
        long[] draws = schedule.drawsPerSlot();
        List<Double> grid = new ArrayList<>(draws.length);
        for (Slot slot : schedule.getSlots()) {
            grid.add((double) Math.round(slot.netW(draws[slot.index()])));
        }
        return grid;
    }

    private static List<Plan.Interval> intervals(List<Slot> slots, double[] power) {
        List<Plan.Interval> intervals = new ArrayList<>();
        int from = -1;
        for (int t = 0; t <= power.length; t++) {
            boolean on = t < power.length && power[t] > 0;
            if (on && from < 0) {
                from = t;
            } else if (!on && from >= 0) {
                intervals.add(new Plan.Interval(from, t, slots.get(from).start(),
                        t < slots.size() ? slots.get(t).start()
                                : slots.get(t - 1).start().plusSeconds(Math.round(slots.get(t - 1).hours() * 3600))));
                from = -1;
            }
        }
        return intervals;
    }

    private static List<Double> list(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }
}
