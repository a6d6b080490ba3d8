package io.twingraph.planners.solve;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.twingraph.planners.constraints.EnergyConstraints;
import io.twingraph.planners.domain.Battery;
import io.twingraph.planners.domain.BatterySlot;
import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.domain.Load;
import io.twingraph.planners.domain.LoadRun;
import io.twingraph.planners.domain.PlanSettings;
import io.twingraph.planners.domain.Slot;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.problem.ProblemCheck;

/**
 * Turns a problem into the planning model. Loads become runs: a non-interruptible load one run with its whole power
 * profile resampled to the slots (energy kept: a slot partly used draws the average); an interruptible load (and an EV)
 * runs of its minimum on-time, at least one slot, the last one taking the remainder. Windows are cut to whole slots.
 */
public final class ScheduleFactory {
    /** Default battery power steps each way. */
    public static final int DEFAULT_STEPS = 10;

    private ScheduleFactory() {
    }

    /** The unsolved schedule (every start and level unassigned) of a problem, which is checked first. */
    public static EnergySchedule build(EnergyProblem problem) {
        EnergyProblem p = ProblemCheck.check(problem);
        double hours = p.slotMinutes() / 60.0;
        List<Slot> slots = new ArrayList<>(p.slots());
        for (int t = 0; t < p.slots(); t++) {
            slots.add(new Slot(t, p.start().plus(p.slotLength().multipliedBy(t)), hours, value(p.baseLoadW(), t),
                    value(p.pvW(), t), value(p.importPrice(), t), value(p.exportPrice(), t),
                    p.co2().isEmpty() ? 0 : value(p.co2(), t)));
        }
        List<Load> loads = new ArrayList<>();
        List<LoadRun> runs = new ArrayList<>();
        for (EnergyProblem.Load l : p.loads()) {
            int[] profile = profile(l, p.slotMinutes());
            int minOn = l.isInterruptible() ? Math.max(1, slotsCeil(orZero(l.minOnMinutes()), p.slotMinutes())) : profile.length;
            long skip = Math.round((l.valuePerRun() == null ? 0 : l.valuePerRun()) * EnergyConstraints.MICRO
                    / Math.max(1, Math.ceil((double) profile.length / minOn)));
            Load load = new Load(l.id(), l.name() == null ? l.id() : l.name(), Load.Kind.APPLIANCE,
                    firstSlot(p, l.earliestStart()), endSlot(p, l.deadline()), l.isInterruptible(),
                    l.isInterruptible() ? slotsCeil(orZero(l.minOffMinutes()), p.slotMinutes()) : 0, l.isOptional(),
                    skip, hours);
            loads.add(load);
            addRuns(load, profile, minOn, runs);
        }
        for (EnergyProblem.Ev ev : p.evs()) {
            Load load = new Load(ev.id(), ev.name() == null ? ev.id() : ev.name(), Load.Kind.EV,
                    firstSlot(p, ev.arrival()), endSlot(p, ev.departure()), true, 0, false, 0, hours);
            loads.add(load);
            double slotKwh = ev.chargerPowerW() / 1000 * hours;
            int n = (int) Math.ceil(ev.energyKwh() / slotKwh - 1e-9);
            int[] profile = new int[n];
            Arrays.fill(profile, (int) Math.round(ev.chargerPowerW()));
            if (n > 0) {
                // the last slot charges only what is still missing
                profile[n - 1] = (int) Math.round((ev.energyKwh() - (n - 1) * slotKwh) / hours * 1000);
            }
            addRuns(load, profile, 1, runs);
        }
        List<Battery> batteries = new ArrayList<>();
        List<BatterySlot> batterySlots = new ArrayList<>();
        if (p.battery() != null) {
            Battery battery = battery(p.battery(), hours);
            batteries.add(battery);
            for (int t = 0; t < p.slots(); t++) {
                batterySlots.add(new BatterySlot(battery, t, null));
            }
        }
        EnergyProblem.Objective o = p.objective();
        PlanSettings settings = new PlanSettings(p.gridLimitW() == null ? Double.POSITIVE_INFINITY : p.gridLimitW(),
                o.costWeight(), o.co2PricePerKg(), o.exportPenaltyPerKwh());
        return new EnergySchedule(slots, loads, batteries, settings, runs, batterySlots);
    }

    /**
     * The baseline of a schedule: every load runs as soon as it may (the runs of an interruptible load back to back),
     * the battery stays idle. A copy; the given schedule is not changed.
     */
    public static EnergySchedule baseline(EnergySchedule schedule) {
        List<LoadRun> runs = new ArrayList<>();
        java.util.Map<Load, Integer> next = new java.util.HashMap<>();
        for (LoadRun run : schedule.getRuns()) {
            int start = next.getOrDefault(run.getLoad(), run.getLoad().earliestSlot());
            LoadRun copy = copy(run);
            copy.setStart(start);
            next.put(run.getLoad(), start + run.length());
            runs.add(copy);
        }
        List<BatterySlot> idle = schedule.getBatterySlots().stream()
                .map(b -> new BatterySlot(b.getBattery(), b.getSlot(), 0)).toList();
        return new EnergySchedule(schedule.getSlots(), schedule.getLoads(), schedule.getBatteries(),
                schedule.getSettings(), runs, new ArrayList<>(idle));
    }

    static LoadRun copy(LoadRun run) {
        int[] watts = new int[run.length()];
        for (int i = 0; i < watts.length; i++) {
            watts[i] = run.wattsAt(i);
        }
        LoadRun copy = new LoadRun(run.getId(), run.getLoad(), watts, run.getStart());
        copy.setPinned(run.isPinned());
        return copy;
    }

    static Battery battery(EnergyProblem.Battery b, double hours) {
        double capacityWh = b.capacityKwh() * 1000;
        double reserve = b.reservePercent() == null ? 0 : b.reservePercent();
        double target = b.targetSocPercent() == null ? b.socPercent() : b.targetSocPercent();
        return new Battery(b.id(), b.name() == null ? b.id() : b.name(), capacityWh, reserve / 100 * capacityWh,
                b.socPercent() / 100 * capacityWh, Math.max(reserve, target) / 100 * capacityWh, b.maxChargeW(),
                b.maxDischargeW() == null ? b.maxChargeW() : b.maxDischargeW(),
                b.chargeEfficiency() == null ? 1 : b.chargeEfficiency(),
                b.dischargeEfficiency() == null ? 1 : b.dischargeEfficiency(),
                b.powerSteps() == null ? DEFAULT_STEPS : b.powerSteps(), hours);
    }

    private static void addRuns(Load load, int[] profile, int minOn, List<LoadRun> runs) {
        int count = Math.max(1, profile.length / minOn);
        if (profile.length == 0) {
            return;
        }
        for (int r = 0; r < count; r++) {
            int from = r * minOn;
            int to = r == count - 1 ? profile.length : from + minOn;
            runs.add(new LoadRun(load.id() + "#" + r, load, Arrays.copyOfRange(profile, from, to), null));
        }
    }

    /** A load's power per slot, W: the energy of each slot-long piece of its profile over the slot's length. */
    static int[] profile(EnergyProblem.Load l, int slotMinutes) {
        List<EnergyProblem.Phase> phases = l.profile();
        if (phases.isEmpty()) {
            int minutes = l.durationMinutes() != null ? l.durationMinutes()
                    : (int) Math.round(l.energyKwh() / (l.powerW() / 1000) * 60);
            phases = List.of(new EnergyProblem.Phase(Math.max(1, minutes), l.powerW()));
        }
        int total = phases.stream().mapToInt(EnergyProblem.Phase::minutes).sum();
        int n = slotsCeil(total, slotMinutes);
        double[] wattMinutes = new double[n];
        int at = 0;
        for (EnergyProblem.Phase phase : phases) {
            for (int m = 0; m < phase.minutes(); m++) {
                wattMinutes[(at + m) / slotMinutes] += phase.powerW();
            }
            at += phase.minutes();
        }
        int[] watts = new int[n];
        for (int i = 0; i < n; i++) {
            watts[i] = (int) Math.round(wattMinutes[i] / slotMinutes);
        }
        return watts;
    }

    static int firstSlot(EnergyProblem p, Instant earliest) {
        if (earliest == null || !earliest.isAfter(p.start())) {
            return 0;
        }
        return (int) Math.min(p.slots(), slotsCeil(Duration.between(p.start(), earliest).toMinutes(), p.slotMinutes()));
    }

    static int endSlot(EnergyProblem p, Instant deadline) {
        if (deadline == null || !deadline.isBefore(p.end())) {
            return p.slots();
        }
        return (int) Math.max(0, Math.floorDiv(Duration.between(p.start(), deadline).toMinutes(), (long) p.slotMinutes()));
    }

    private static int slotsCeil(long minutes, int slotMinutes) {
        return (int) -Math.floorDiv(-minutes, (long) slotMinutes);
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }

    private static double value(List<Double> series, int t) {
        return ProblemCheck.value(series, t);
    }
}
