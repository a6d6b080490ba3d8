package io.twingraph.planners.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;

import io.twingraph.planners.constraints.EnergyConstraints;
import io.twingraph.planners.domain.Battery;
import io.twingraph.planners.domain.BatterySlot;
import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.domain.Load;
import io.twingraph.planners.domain.LoadRun;
import io.twingraph.planners.domain.PlanSettings;
import io.twingraph.planners.domain.Slot;

/**
 * The exact optimum of the same discretised model Timefold searches, as a MILP solved by SCIP (OR-Tools): one binary a
 * run and start slot, integer battery charge and discharge levels with a binary that forbids both at once, continuous
 * grid import and export. Objective: the soft score in currency (cost, CO2 at its price, export penalty, skipped
 * optional runs). Minimum pauses are not modelled (the benchmark's instances have none).
 */
final class ExactMilp {
    /** What the MILP found: a schedule with its starts and levels, the solver's status and bound. */
    record Solution(EnergySchedule schedule, String status, double objective, double bound, long millis) {
    }

    private ExactMilp() {
    }

    static Solution solve(EnergySchedule unsolved, Duration timeLimit) {
        Loader.loadNativeLibraries();
        MPSolver solver = MPSolver.createSolver("SCIP");
        if (solver == null) {
            throw new IllegalStateException("OR-Tools has no SCIP solver on this platform");
        }
        List<Slot> slots = unsolved.getSlots();
        int n = slots.size();
        PlanSettings settings = unsolved.getSettings();
        MPObjective objective = solver.objective();
        objective.setMinimization();

        // net_t = base_t - pv_t + draws_t  <=>  gridIn_t - gridOut_t - draws_t = base_t - pv_t
        MPConstraint[] balance = new MPConstraint[n];
        double limit = Double.isInfinite(settings.gridLimitW()) ? MPSolver.infinity() : settings.gridLimitW();
        for (Slot s : slots) {
            int t = s.index();
            MPVariable in = solver.makeNumVar(0, limit, "in" + t);
            MPVariable out = solver.makeNumVar(0, limit, "out" + t);
            double kwh = s.hours() / 1000;
            objective.setCoefficient(in, kwh * (settings.costWeight() * s.importPrice() + settings.co2PricePerKg() * s.co2KgPerKwh()));
            objective.setCoefficient(out, kwh * (-settings.costWeight() * s.exportPrice() + settings.exportPenaltyPerKwh()));
            balance[t] = solver.makeConstraint(s.baseW() - s.pvW(), s.baseW() - s.pvW(), "balance" + t);
            balance[t].setCoefficient(in, 1);
            balance[t].setCoefficient(out, -1);
        }

        Map<LoadRun, Map<Integer, MPVariable>> starts = new HashMap<>();
        Map<Load, Map<Integer, MPConstraint>> oneAtATime = new HashMap<>();
        for (LoadRun run : unsolved.getRuns()) {
            Map<Integer, MPVariable> vars = new HashMap<>();
            MPConstraint assign = solver.makeConstraint(run.getLoad().optional() ? 0 : 1, 1, "assign-" + run.getId());
            for (Integer s : iterate(run)) {
                MPVariable y = solver.makeBoolVar(run.getId() + "@" + s);
                vars.put(s, y);
                assign.setCoefficient(y, 1);
                for (int i = 0; i < run.length(); i++) {
                    int t = s + i;
                    if (t >= 0 && t < n) {
                        balance[t].setCoefficient(y, -run.wattsAt(i));
                        oneAtATime.computeIfAbsent(run.getLoad(), l -> new HashMap<>())
                                .computeIfAbsent(t, slot -> solver.makeConstraint(0, 1, run.getLoad().id() + "-once-" + slot))
                                .setCoefficient(y, 1);
                    }
                }
            }
            if (run.getLoad().optional()) {
                // skipping a run forgoes its value: objective + value * (1 - sum y)
                objective.setOffset(objective.offset() + run.getLoad().skipPenaltyMicro() / EnergyConstraints.MICRO);
                vars.values().forEach(y -> objective.setCoefficient(y, -run.getLoad().skipPenaltyMicro() / EnergyConstraints.MICRO));
            }
            starts.put(run, vars);
        }

        Map<Integer, MPVariable[]> battery = new HashMap<>();
        if (!unsolved.getBatteries().isEmpty()) {
            Battery b = unsolved.getBatteries().get(0);
            int k = b.steps();
            MPConstraint[] socUpTo = new MPConstraint[n];
            for (int t = 0; t < n; t++) {
                // minWh <= initial + sum_{s<=t} stored_s <= capacity
                socUpTo[t] = solver.makeConstraint(b.minWh() - b.initialWh(), b.capacityWh() - b.initialWh(), "soc" + t);
            }
            MPConstraint end = solver.makeConstraint(b.targetEndWh() - b.initialWh(), MPSolver.infinity(), "soc-end");
            double chargeStepW = b.maxChargeW() / k;
            double dischargeStepW = b.maxDischargeW() / k;
            for (int t = 0; t < n; t++) {
                MPVariable c = solver.makeIntVar(0, k, "c" + t);
                MPVariable d = solver.makeIntVar(0, k, "d" + t);
                MPVariable charging = solver.makeBoolVar("u" + t);
                MPConstraint onlyCharge = solver.makeConstraint(-MPSolver.infinity(), 0, "c-if-u" + t);
                onlyCharge.setCoefficient(c, 1);
                onlyCharge.setCoefficient(charging, -k);
                MPConstraint onlyDischarge = solver.makeConstraint(-MPSolver.infinity(), k, "d-if-not-u" + t);
                onlyDischarge.setCoefficient(d, 1);
                onlyDischarge.setCoefficient(charging, k);
                balance[t].setCoefficient(c, -chargeStepW);
                balance[t].setCoefficient(d, dischargeStepW);
                double storedPerC = chargeStepW * b.chargeEfficiency() * b.slotHours();
                double storedPerD = -dischargeStepW / b.dischargeEfficiency() * b.slotHours();
                for (int u = t; u < n; u++) {
                    socUpTo[u].setCoefficient(c, storedPerC);
                    socUpTo[u].setCoefficient(d, storedPerD);
                }
                end.setCoefficient(c, storedPerC);
                end.setCoefficient(d, storedPerD);
                battery.put(t, new MPVariable[] {c, d});
            }
        }

        solver.setTimeLimit(timeLimit.toMillis());
        MPSolverParameters parameters = new MPSolverParameters();
        parameters.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 1e-7);
        long started = System.nanoTime();
        MPSolver.ResultStatus status = solver.solve(parameters);
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
            solver.delete();
            return new Solution(null, status.name(), Double.NaN, Double.NaN, millis);
        }

        List<LoadRun> runs = new ArrayList<>();
        for (LoadRun run : unsolved.getRuns()) {
            Integer start = null;
            for (var e : starts.get(run).entrySet()) {
                if (e.getValue().solutionValue() > 0.5) {
                    start = e.getKey();
                }
            }
            int[] watts = new int[run.length()];
            for (int i = 0; i < watts.length; i++) {
                watts[i] = run.wattsAt(i);
            }
            runs.add(new LoadRun(run.getId(), run.getLoad(), watts, start));
        }
        List<BatterySlot> levels = new ArrayList<>();
        for (BatterySlot slot : unsolved.getBatterySlots()) {
            MPVariable[] cd = battery.get(slot.getSlot());
            int level = (int) Math.round(cd[0].solutionValue() - cd[1].solutionValue());
            levels.add(new BatterySlot(slot.getBattery(), slot.getSlot(), level));
        }
        EnergySchedule schedule = new EnergySchedule(slots, unsolved.getLoads(), unsolved.getBatteries(), settings,
                runs, levels);
        Solution solution = new Solution(schedule, status.name(), objective.value(), objective.bestBound(), millis);
        solver.delete();
        return solution;
    }

    private static List<Integer> iterate(LoadRun run) {
        List<Integer> values = new ArrayList<>();
        var range = run.startRange();
        var it = range.createOriginalIterator();
        while (it.hasNext()) {
            values.add(it.next());
        }
        return values;
    }
}
