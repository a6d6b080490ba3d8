package io.twingraph.planners.benchmark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.domain.LoadRun;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.solve.CostModel;
import io.twingraph.planners.solve.EnergyPlanner;
import io.twingraph.planners.solve.ScheduleFactory;

/**
 * Runs the planner benchmark and prints one row per instance: our cost, the exact optimum of the same model, the gap,
 * the baseline, the savings, the time to the final plan and the first time the plan was within 1 % of the optimum;
 * for EMHASS days also EMHASS's own plan costed with our model and EMHASS's reported cost. Then the replanning
 * figure: the 96-slot instance after a price change, warm from the earlier plan and cold, each against the new
 * optimum.
 */
public final class PlanBenchmark {
    /**
     * What to run.
     *
     * @param dataDir   the shared evaluation data (EMHASS and CityLearn folders); instances from it are skipped,
     *                  with a message, when it is absent
     * @param timeLimit Timefold's limit per instance
     * @param replanLimit Timefold's limit for a replan
     * @param emhassDays how many EMHASS days to run
     * @param only      run only instances whose name contains this ("replan": only the replan); null for all
     */
    public record Options(Path dataDir, Duration timeLimit, Duration replanLimit, int emhassDays, Duration milpLimit,
                          String only) {
    }

    /** One measured instance. */
    public record Row(String instance, int slots, int loads, boolean battery, double ours, double optimum,
                      String optimumStatus, double gapPercent, double baseline, Double savingsPercent,
                      double solveSeconds, Double secondsToOnePercent, double milpSeconds, Double emhassPlanCost,
                      Double emhassReportedCost, String status) {
    }

    private final EnergyPlanner planner = new EnergyPlanner();
    private final PrintWriter out;

    public PlanBenchmark(PrintWriter out) {
        this.out = out;
    }

    public List<Row> run(Options options) {
        List<BenchmarkInstance> instances = new ArrayList<>();
        instances.add(BenchmarkInstances.synthetic96x20());
        boolean data = Files.isDirectory(options.dataDir().resolve("emhass")) && Files.isDirectory(options.dataDir().resolve("citylearn"));
        if (data) {
            instances.addAll(BenchmarkInstances.emhassDays(options.dataDir(), options.emhassDays()));
            instances.add(BenchmarkInstances.emhass96x20(options.dataDir()));
            instances.add(BenchmarkInstances.cityLearn(options.dataDir(), 24 * 7 * 26, 24));
            instances.add(BenchmarkInstances.cityLearn(options.dataDir(), 24 * 7 * 26, 168));
        } else {
            out.println("NOTE: evaluation data not found at " + options.dataDir().toAbsolutePath()
                    + " (needs emhass/ and citylearn/): only the synthetic instance runs. Give --data-dir.");
        }
        out.printf(Locale.ROOT, "Timefold limit %s per instance (stops early after 3 s without improvement), exact MILP: "
                + "OR-Tools SCIP on the same discretised model; %d cores%n", options.timeLimit(),
                Runtime.getRuntime().availableProcessors());
        out.println(header());
        out.flush();
        List<Row> rows = new ArrayList<>();
        for (BenchmarkInstance instance : instances) {
            if (options.only() != null && !instance.name().contains(options.only())) {
                continue;
            }
            Row row = measure(instance, options);
            rows.add(row);
            out.println(format(row));
            out.flush();
        }
        if (options.only() != null && !options.only().equals("replan")) {
            return rows;
        }
        BenchmarkInstance goal = data ? BenchmarkInstances.emhass96x20(options.dataDir()) : BenchmarkInstances.synthetic96x20();
        replan(goal, options);
        return rows;
    }

    Row measure(BenchmarkInstance instance, Options options) {
        EnergyProblem problem = instance.problem();
        EnergySchedule unsolved = ScheduleFactory.build(problem);
        ExactMilp.Solution exact = ExactMilp.solve(unsolved, options.milpLimit());
        double optimum = exact.schedule() == null ? Double.NaN : CostModel.cost(exact.schedule());
        List<double[]> trace = new ArrayList<>();
        EnergyPlanner.Result result = planner.plan(problem, new EnergyPlanner.Limits(options.timeLimit(), Duration.ofSeconds(3)),
                p -> {
                    if (p.feasible()) {
                        trace.add(new double[] {p.elapsedMillis() / 1000.0, p.cost()});
                    }
                });
        double ours = CostModel.cost(result.schedule());
        Double toOnePercent = null;
        for (double[] point : trace) {
            if (gap(point[1], optimum) <= 1.0) {
                toOnePercent = point[0];
                break;
            }
        }
        Double emhassPlan = instance.referenceSchedule().isEmpty() ? null : referenceCost(unsolved, instance.referenceSchedule());
        return new Row(instance.name(), problem.slots(), problem.loads().size() + problem.evs().size(),
                problem.battery() != null, ours, optimum, exact.status(), gap(ours, optimum),
                result.plan().baseline().cost(), result.plan().savingsPercent(), result.plan().solveMillis() / 1000.0,
                toOnePercent, exact.millis() / 1000.0, emhassPlan, instance.referenceReportedCost(), result.plan().status());
    }

    private void replan(BenchmarkInstance instance, Options options) {
        EnergyProblem problem = instance.problem();
        EnergyPlanner.Result first = planner.plan(problem, new EnergyPlanner.Limits(options.timeLimit(), Duration.ofSeconds(3)), null);
        // the price update: the second day's evening peak gets 60 % dearer and its early morning 40 % cheaper
        List<Double> prices = new ArrayList<>();
        for (int t = 0; t < problem.slots(); t++) {
            double p = problem.importPrice().size() == 1 ? problem.importPrice().get(0) : problem.importPrice().get(t);
            double hour = (t * problem.slotMinutes() / 60.0) % 24;
            boolean secondHalf = t >= problem.slots() / 2;
            prices.add(secondHalf && hour >= 16 && hour < 22 ? p * 1.6 : secondHalf && hour < 6 ? p * 0.6 : p);
        }
        EnergyProblem changed = problem.withPrices(prices, null);
        ExactMilp.Solution exact = ExactMilp.solve(ScheduleFactory.build(changed), options.milpLimit());
        double optimum = CostModel.cost(exact.schedule());
        EnergyPlanner.Limits limits = new EnergyPlanner.Limits(options.replanLimit(), Duration.ofMillis(500));
        EnergyPlanner.Result warm = planner.replan(changed, first.schedule(), 0, Set.of(), limits, null);
        EnergyPlanner.Result cold = planner.plan(changed, limits, null);
        double before = CostModel.cost(withPrices(first.schedule(), changed));
        out.println();
        out.printf(Locale.ROOT, "Replan after a price change on %s (limit %s, stop after 0.5 s without improvement); new optimum %.4f%n",
                instance.name(), options.replanLimit(), optimum);
        out.printf(Locale.ROOT, "  old plan under new prices: %.4f (gap %.2f %%)%n", before, gap(before, optimum));
        out.printf(Locale.ROOT, "  warm start:  %.4f (gap %.2f %%) in %.2f s, %s%n", CostModel.cost(warm.schedule()),
                gap(CostModel.cost(warm.schedule()), optimum), warm.plan().solveMillis() / 1000.0, warm.plan().status());
        out.printf(Locale.ROOT, "  cold start:  %.4f (gap %.2f %%) in %.2f s, %s%n", CostModel.cost(cold.schedule()),
                gap(CostModel.cost(cold.schedule()), optimum), cold.plan().solveMillis() / 1000.0, cold.plan().status());
        out.flush();
    }

    /** The old schedule's decisions on the new problem's slots (prices), for its cost under the new prices. */
    private static EnergySchedule withPrices(EnergySchedule old, EnergyProblem changed) {
        EnergySchedule fresh = ScheduleFactory.build(changed);
        return new EnergySchedule(fresh.getSlots(), old.getLoads(), old.getBatteries(), old.getSettings(), old.getRuns(),
                old.getBatterySlots());
    }

    /** Another optimiser's on-slots of each load put into our model: its cost under the same prices and forecasts. */
    private static double referenceCost(EnergySchedule unsolved, Map<String, List<Integer>> onSlots) {
        List<LoadRun> runs = new ArrayList<>();
        Map<String, Integer> used = new java.util.HashMap<>();
        for (LoadRun run : unsolved.getRuns()) {
            List<Integer> slots = onSlots.get(run.getLoad().id());
            int i = used.merge(run.getLoad().id(), 1, Integer::sum) - 1;
            int[] watts = new int[run.length()];
            for (int k = 0; k < watts.length; k++) {
                watts[k] = run.wattsAt(k);
            }
            runs.add(new LoadRun(run.getId(), run.getLoad(), watts, slots == null || i >= slots.size() ? null : slots.get(i)));
        }
        return CostModel.cost(new EnergySchedule(unsolved.getSlots(), unsolved.getLoads(), unsolved.getBatteries(),
                unsolved.getSettings(), runs, unsolved.getBatterySlots()));
    }

    /** Gap to the optimum relative to its magnitude, %. */
    static double gap(double ours, double optimum) {
        if (Double.isNaN(optimum)) {
            return Double.NaN;
        }
        return (ours - optimum) / Math.max(Math.abs(optimum), 1e-9) * 100;
    }

    static String header() {
        return String.format(Locale.ROOT, "%-22s %5s %5s %4s %10s %10s %8s %7s %10s %8s %7s %7s %7s %10s %10s %s",
                "instance", "slots", "loads", "batt", "ours", "optimum", "status", "gap%", "baseline", "saving%",
                "solve_s", "to1%_s", "milp_s", "emhassPlan", "emhassRep", "plan");
    }

    static String format(Row r) {
        return String.format(Locale.ROOT, "%-22s %5d %5d %4s %10.4f %10.4f %8s %7.3f %10.4f %8s %7.2f %7s %7.2f %10s %10s %s",
                r.instance(), r.slots(), r.loads(), r.battery() ? "yes" : "no", r.ours(), r.optimum(),
                r.optimumStatus(), r.gapPercent(), r.baseline(), r.savingsPercent() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.savingsPercent()),
                r.solveSeconds(), r.secondsToOnePercent() == null ? "never" : String.format(Locale.ROOT, "%.2f", r.secondsToOnePercent()),
                r.milpSeconds(), r.emhassPlanCost() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.emhassPlanCost()),
                r.emhassReportedCost() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.emhassReportedCost()), r.status());
    }
}
