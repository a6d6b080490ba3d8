package io.twingraph.planners.problem;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.twingraph.error.TwinGraphException;

/**
 * Checks a problem before any solving: malformed input is {@code plans:problem.invalid}; input that no plan can
 * satisfy is {@code plans:problem.infeasible}, and its message names the constraint that cannot be met and the
 * device it is about. Both are {@link TwinGraphException.Kind#INVALID} (HTTP 400).
 */
public final class ProblemCheck {
    /** Longest horizon: a week of 5-minute slots. */
    public static final int MAX_SLOTS = 7 * 24 * 12;
    static final String INVALID = "plans:problem.invalid";
    static final String INFEASIBLE = "plans:problem.infeasible";

    private ProblemCheck() {
    }

    /** Throws at the first problem found; returns the problem when it is well-formed and not obviously infeasible. */
    public static EnergyProblem check(EnergyProblem p) {
        require(p.start() != null, "start is missing", "Give the horizon's start as an ISO instant, e.g. 2025-02-24T00:00:00Z.");
        require(p.slotMinutes() >= 5 && p.slotMinutes() <= 60, "slotMinutes must be 5 to 60, got " + p.slotMinutes(), null);
        require(p.slots() >= 1 && p.slots() <= MAX_SLOTS,
                "slots must be 1 to " + MAX_SLOTS + " (a week of 5-minute slots), got " + p.slots(), null);
        require(!p.importPrice().isEmpty(), "importPrice is missing", "Give one import price a slot, or one for all.");
        series(p, "importPrice", p.importPrice());
        series(p, "exportPrice", p.exportPrice());
        series(p, "baseLoadW", p.baseLoadW());
        series(p, "pvW", p.pvW());
        if (!p.co2().isEmpty()) {
            series(p, "co2", p.co2());
        }
        require(p.gridLimitW() == null || p.gridLimitW() > 0, "gridLimitW must be positive", null);
        Set<String> ids = new HashSet<>();
        for (EnergyProblem.Load load : p.loads()) {
            checkLoad(p, load, ids);
        }
        for (EnergyProblem.Ev ev : p.evs()) {
            checkEv(p, ev, ids);
        }
        if (p.battery() != null) {
            checkBattery(p, p.battery(), ids);
        }
        checkGrid(p);
        return p;
    }

    private static void checkLoad(EnergyProblem p, EnergyProblem.Load load, Set<String> ids) {
        require(load.id() != null && !load.id().isBlank(), "a load has no id", null);
        require(ids.add(load.id()), "two devices have the id '" + load.id() + "'", "Give every load, battery and EV its own id.");
        String what = "load '" + load.id() + "'";
        if (load.profile().isEmpty()) {
            require(load.powerW() != null && load.powerW() > 0, what + " needs powerW > 0 (or a profile)", null);
            require(load.durationMinutes() != null ^ load.energyKwh() != null,
                    what + " needs exactly one of durationMinutes and energyKwh", null);
            require(load.durationMinutes() == null || load.durationMinutes() > 0, what + ": durationMinutes must be positive", null);
            require(load.energyKwh() == null || load.energyKwh() > 0, what + ": energyKwh must be positive", null);
        } else {
            for (EnergyProblem.Phase phase : load.profile()) {
                require(phase.minutes() > 0 && phase.powerW() >= 0, what + ": profile phases need minutes > 0 and powerW >= 0", null);
            }
        }
        require(load.valuePerRun() == null || load.valuePerRun() >= 0, what + ": valuePerRun must not be negative", null);
        int minutes = runMinutes(load);
        window(p, what, "run ends by deadline", load.earliestStart(), load.deadline(), minutes,
                load.isInterruptible() ? "needs " + minutes + " min of running" : "runs " + minutes + " min");
    }

    private static void checkEv(EnergyProblem p, EnergyProblem.Ev ev, Set<String> ids) {
        require(ev.id() != null && !ev.id().isBlank(), "an EV has no id", null);
        require(ids.add(ev.id()), "two devices have the id '" + ev.id() + "'", "Give every load, battery and EV its own id.");
        String what = "EV '" + ev.id() + "'";
        require(ev.chargerPowerW() > 0, what + " needs chargerPowerW > 0", null);
        require(ev.energyKwh() >= 0, what + ": energyKwh must not be negative", null);
        int minutes = (int) Math.ceil(ev.energyKwh() / (ev.chargerPowerW() / 1000) * 60 - 1e-9);
        window(p, what, "run ends by deadline", ev.arrival(), ev.departure(), minutes,
                "needs " + ev.energyKwh() + " kWh, " + minutes + " min at " + ev.chargerPowerW() + " W");
    }

    private static void checkBattery(EnergyProblem p, EnergyProblem.Battery b, Set<String> ids) {
        require(b.id() != null && !b.id().isBlank(), "the battery has no id", null);
        require(ids.add(b.id()), "two devices have the id '" + b.id() + "'", null);
        String what = "battery '" + b.id() + "'";
        require(b.capacityKwh() > 0 && b.maxChargeW() > 0, what + " needs capacityKwh > 0 and maxChargeW > 0", null);
        require(b.maxDischargeW() == null || b.maxDischargeW() > 0, what + ": maxDischargeW must be positive", null);
        require(b.socPercent() >= 0 && b.socPercent() <= 100, what + ": socPercent must be 0 to 100", null);
        require(efficiency(b.chargeEfficiency()) && efficiency(b.dischargeEfficiency()),
                what + ": efficiencies must be in (0, 1]", null);
        require(b.powerSteps() == null || b.powerSteps() >= 1 && b.powerSteps() <= 100, what + ": powerSteps must be 1 to 100", null);
        double reserve = b.reservePercent() == null ? 0 : b.reservePercent();
        double target = b.targetSocPercent() == null ? b.socPercent() : b.targetSocPercent();
        infeasible(reserve >= 0 && reserve <= 100, "battery charge within bounds",
                what + ": reservePercent " + reserve + " is outside 0 to 100");
        infeasible(target <= 100, "battery ends at target charge", what + ": targetSocPercent " + target + " is above 100");
        double hours = p.slots() * p.slotMinutes() / 60.0;
        double reachableKwh = b.socPercent() / 100 * b.capacityKwh()
                + b.maxChargeW() / 1000 * hours * (b.chargeEfficiency() == null ? 1 : b.chargeEfficiency());
        infeasible(reachableKwh + 1e-9 >= target / 100 * b.capacityKwh(), "battery ends at target charge",
                what + " cannot reach " + target + " % by the end of the horizon charging at " + b.maxChargeW() + " W");
    }

    /**
     * The grid limit against what nobody can shift: a load whose own peak, on top of the base load less PV, is above
     * the limit in every slot of its window, even with the battery discharging fully.
     */
    private static void checkGrid(EnergyProblem p) {
        if (p.gridLimitW() == null) {
            return;
        }
        double limit = p.gridLimitW();
        double batteryW = p.battery() == null ? 0
                : p.battery().maxDischargeW() == null ? p.battery().maxChargeW() : p.battery().maxDischargeW();
        for (int t = 0; t < p.slots(); t++) {
            double fixed = value(p.baseLoadW(), t) - value(p.pvW(), t);
            infeasible(fixed - batteryW <= limit, "grid connection limit", String.format(java.util.Locale.ROOT,
                    "the base load less PV alone draws %.0f W in slot %d (%s), above the grid limit of %.0f W",
                    fixed, t, p.start().plus(p.slotLength().multipliedBy(t)), limit));
        }
        for (EnergyProblem.Load load : p.loads()) {
            double peak = load.profile().isEmpty() ? load.powerW()
                    : load.profile().stream().mapToDouble(EnergyProblem.Phase::powerW).max().orElse(0);
            double lowest = Double.MAX_VALUE;
            for (int t = 0; t < p.slots(); t++) {
                lowest = Math.min(lowest, value(p.baseLoadW(), t) - value(p.pvW(), t));
            }
            infeasible(peak + lowest - batteryW <= limit, "grid connection limit", String.format(java.util.Locale.ROOT,
                    "load '%s' draws %.0f W, which with the base load is above the grid limit of %.0f W in every slot",
                    load.id(), peak, limit));
        }
        for (EnergyProblem.Ev ev : p.evs()) {
            infeasible(ev.chargerPowerW() - batteryW <= limit, "grid connection limit", String.format(java.util.Locale.ROOT,
                    "EV '%s' charges at %.0f W, above the grid limit of %.0f W", ev.id(), ev.chargerPowerW(), limit));
        }
    }

    /** Minutes a load runs in total. */
    static int runMinutes(EnergyProblem.Load load) {
        if (!load.profile().isEmpty()) {
            return load.profile().stream().mapToInt(EnergyProblem.Phase::minutes).sum();
        }
        if (load.durationMinutes() != null) {
            return load.durationMinutes();
        }
        return (int) Math.ceil(load.energyKwh() / (load.powerW() / 1000) * 60 - 1e-9);
    }

    private static void window(EnergyProblem p, String what, String constraint, Instant from, Instant to, int minutes,
                               String needs) {
        Instant earliest = from == null || from.isBefore(p.start()) ? p.start() : from;
        Instant latest = to == null || to.isAfter(p.end()) ? p.end() : to;
        require(from == null || to == null || from.isBefore(to), what + ": its start of window " + from
                + " is not before its deadline " + to, null);
        // slots, not minutes: a run occupies whole slots, and the window is cut to whole slots
        long slotMinutes = p.slotMinutes();
        long firstSlot = ceilDiv(Duration.between(p.start(), earliest).toMinutes(), slotMinutes);
        long endSlot = Math.floorDiv(Duration.between(p.start(), latest).toMinutes(), slotMinutes);
        long neededSlots = ceilDiv(minutes, slotMinutes);
        infeasible(endSlot - firstSlot >= neededSlots, constraint, what + " " + needs + " but its window "
                + earliest + " to " + latest + " holds only " + Math.max(0, endSlot - firstSlot) + " slot(s) of "
                + slotMinutes + " min (" + neededSlots + " needed)");
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static boolean efficiency(Double e) {
        return e == null || e > 0 && e <= 1;
    }

    private static void series(EnergyProblem p, String name, List<Double> values) {
        require(values.size() == 1 || values.size() >= p.slots(), name + " has " + values.size() + " values for "
                + p.slots() + " slots", "Give one value a slot, or a single value for all slots.");
        for (Double v : values) {
            require(v != null && Double.isFinite(v), name + " holds a value that is not a number", null);
        }
    }

    /** The value of a series in a slot (a single value holds for all). */
    public static double value(List<Double> series, int slot) {
        return series.size() == 1 ? series.get(0) : series.get(slot);
    }

    private static void require(boolean ok, String message, String description) {
        if (!ok) {
            throw new TwinGraphException(INVALID, TwinGraphException.Kind.INVALID, "Invalid energy problem: " + message,
                    description == null ? "See the problem format in the planners README." : description);
        }
    }

    private static void infeasible(boolean ok, String constraint, String message) {
        if (!ok) {
            throw new TwinGraphException(INFEASIBLE, TwinGraphException.Kind.INVALID,
                    "Infeasible: constraint '" + constraint + "' cannot be met: " + message,
                    "Widen the window, lower the demand or raise the limit; no plan can meet this constraint.");
        }
    }
}
