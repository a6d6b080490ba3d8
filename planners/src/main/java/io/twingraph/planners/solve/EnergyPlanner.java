package io.twingraph.planners.solve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import ai.timefold.solver.core.api.score.ScoreExplanation;
import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.score.constraint.ConstraintMatchTotal;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import ai.timefold.solver.core.config.constructionheuristic.placer.QueuedEntityPlacerConfig;
import ai.timefold.solver.core.config.heuristic.selector.entity.EntitySelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.MoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.composite.CartesianProductMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.SwapMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.value.ValueSelectorConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import ai.timefold.solver.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import io.twingraph.planners.constraints.EnergyConstraints;
import io.twingraph.planners.domain.BatterySlot;
import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.domain.LoadRun;
import io.twingraph.planners.problem.EnergyProblem;

/**
 * The solver facade: plans a problem within a time limit, from scratch or warm from an earlier schedule, and describes
 * the result ({@link Plan}: schedule per device, cost, baseline, savings, score explanation). Thread-safe; each call
 * runs its own solver on the calling thread. Solving stops at the time limit, or earlier when the best score has not
 * improved for {@link Limits#unimproved()}.
 */
public final class EnergyPlanner {
    /**
     * Late acceptance history of replans: a replan starts next to a good plan and has about 2 s; with Timefold's
     * default of 400 steps the search was still far from converged after 100k moves (emhass-96x20 after a price
     * change: mean gap 3.16 % at 100k moves over 10 seeds), with 150 it converges there (mean 0.45 %, worst 0.81 %).
     * Plans from scratch keep the default: they have 10 s and a longer history explores more.
     */
    static final int REPLAN_LATE_ACCEPTANCE = 150;

    private final SolverFactory<EnergySchedule> solverFactory;
    private final SolverFactory<EnergySchedule> replanFactory;
    private final SolutionManager<EnergySchedule, HardSoftLongScore> solutionManager;

    /**
     * When solving stops.
     *
     * @param timeLimit  longest solve
     * @param unimproved stop when the best score has not improved for this long (null: only the time limit)
     */
    public record Limits(Duration timeLimit, Duration unimproved) {
        /** Ten seconds, or two without improvement. */
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(2));

        public Limits {
            Objects.requireNonNull(timeLimit, "timeLimit");
            if (timeLimit.isNegative() || timeLimit.isZero()) {
                throw new IllegalArgumentException("timeLimit must be positive");
            }
        }
    }

    /** The best score so far and how long solving has run. */
    public record Progress(String score, boolean feasible, double cost, long elapsedMillis) {
    }

    /** A solved schedule (the planning model, for execution and replanning) and its description. */
    public record Result(EnergySchedule schedule, Plan plan) {
    }

    public EnergyPlanner() {
        SolverConfig config = new SolverConfig()
                .withSolutionClass(EnergySchedule.class)
                .withEntityClasses(LoadRun.class, BatterySlot.class)
                .withConstraintProviderClass(EnergyConstraints.class)
                // PHASE_ASSERT (Timefold's default) re-checks scores between phases; plans do not need it
                .withEnvironmentMode(EnvironmentMode.NO_ASSERT)
                .withPhases(construct(LoadRun.class, "start"), construct(BatterySlot.class, "level"), localSearch())
                .withTerminationConfig(new TerminationConfig().withSpentLimit(Limits.DEFAULT.timeLimit()));
        this.solverFactory = SolverFactory.create(config);
        LocalSearchPhaseConfig replanSearch = localSearch()
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withLateAcceptanceSize(REPLAN_LATE_ACCEPTANCE))
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(1));
        this.replanFactory = SolverFactory.create(new SolverConfig(config).withPhases(construct(LoadRun.class, "start"),
                construct(BatterySlot.class, "level"), replanSearch));
        this.solutionManager = SolutionManager.create(solverFactory);
    }

    /**
     * First fit for one entity class and its variable, spelt out: with two entity classes Timefold 1.32 otherwise
     * looks for the first class's variable on the second.
     */
    private static ConstructionHeuristicPhaseConfig construct(Class<?> entityClass, String variable) {
        String id = entityClass.getSimpleName();
        return new ConstructionHeuristicPhaseConfig().withEntityPlacerConfig(new QueuedEntityPlacerConfig()
                .withEntitySelectorConfig(new EntitySelectorConfig().withId(id).withEntityClass(entityClass))
                .withMoveSelectorConfigList(List.of(new ChangeMoveSelectorConfig()
                        .withEntitySelectorConfig(new EntitySelectorConfig().withMimicSelectorRef(id))
                        .withValueSelectorConfig(new ValueSelectorConfig().withVariableName(variable)))));
    }

    /**
     * Local search over single changes and swaps, plus pairs of battery changes: moving charge from one slot to
     * another needs two levels to change at once, and either change alone usually breaks a charge bound or the end
     * target, so single moves rarely get there.
     */
    private static LocalSearchPhaseConfig localSearch() {
        EntitySelectorConfig batterySlots = new EntitySelectorConfig(BatterySlot.class);
        MoveSelectorConfig<?> batteryPair = new CartesianProductMoveSelectorConfig(List.of(
                new ChangeMoveSelectorConfig().withEntitySelectorConfig(batterySlots),
                new ChangeMoveSelectorConfig().withEntitySelectorConfig(new EntitySelectorConfig(BatterySlot.class))));
        return new LocalSearchPhaseConfig().withMoveSelectorConfig(new UnionMoveSelectorConfig(List.of(
                change(LoadRun.class), swap(LoadRun.class), change(BatterySlot.class), swap(BatterySlot.class),
                batteryPair)));
    }

    private static ChangeMoveSelectorConfig change(Class<?> entityClass) {
        return new ChangeMoveSelectorConfig().withEntitySelectorConfig(new EntitySelectorConfig(entityClass));
    }

    private static SwapMoveSelectorConfig swap(Class<?> entityClass) {
        return new SwapMoveSelectorConfig().withEntitySelectorConfig(new EntitySelectorConfig(entityClass));
    }

    /** Plans a problem from scratch. */
    public Result plan(EnergyProblem problem, Limits limits, Consumer<Progress> progress) {
        EnergySchedule unsolved = ScheduleFactory.build(problem);
        return solve(solverFactory, problem, unsolved, limits, progress);
    }

    /**
     * Plans again from an earlier schedule of the same devices (after a price update or a twin change): starts and
     * levels of the earlier schedule are kept as the starting point where the new problem still allows them, so the
     * search continues from a good solution instead of starting over. {@code pinnedRunIds} are runs that have
     * started and must not move.
     *
     * @param slotShift how many slots the new horizon starts after the earlier one
     */
    public Result replan(EnergyProblem problem, EnergySchedule previous, int slotShift, java.util.Set<String> pinnedRunIds,
                         Limits limits, Consumer<Progress> progress) {
        return solve(problem, warmStart(problem, previous, slotShift, pinnedRunIds).schedule(), limits, progress);
    }

    /**
     * The schedule a replan starts from, before solving: the new problem's model with the earlier schedule's
     * decisions carried over where they still fit (see {@link #replan}).
     *
     * @param schedule the starting point, to give to {@link #solve}
     * @param carried  how many decisions (run starts, battery levels) were carried over
     * @param complete true when every required run and every battery slot has a value, so the starting point is a
     *                 whole plan whose cost can be compared with the replan's
     */
    public record WarmStartSchedule(EnergySchedule schedule, int carried, boolean complete) {
    }

    /** Builds the starting point of a replan (see {@link #replan}); nothing is solved yet. */
    public WarmStartSchedule warmStart(EnergyProblem problem, EnergySchedule previous, int slotShift,
                                       java.util.Set<String> pinnedRunIds) {
        EnergySchedule next = ScheduleFactory.build(problem);
        int carried = WarmStart.apply(previous, next, slotShift, pinnedRunIds);
        boolean complete = next.getRuns().stream().allMatch(r -> r.getStart() != null || r.getLoad().optional())
                && next.getBatterySlots().stream().allMatch(b -> b.getLevel() != null);
        return new WarmStartSchedule(next, carried, complete);
    }

    /**
     * Solves a replan's schedule of {@code problem} from where it stands ({@link #warmStart}): unassigned runs and
     * levels are constructed first, then local search, tuned for short replans, improves the whole.
     */
    public Result solve(EnergyProblem problem, EnergySchedule warm, Limits limits, Consumer<Progress> progress) {
        return solve(replanFactory, problem, warm, limits, progress);
    }

    private Result solve(SolverFactory<EnergySchedule> factory, EnergyProblem problem, EnergySchedule unsolved,
                         Limits limits, Consumer<Progress> progress) {
        TerminationConfig termination = new TerminationConfig().withSpentLimit(limits.timeLimit());
        if (limits.unimproved() != null) {
            termination.setUnimprovedSpentLimit(limits.unimproved());
        }
        Solver<EnergySchedule> solver = factory.buildSolver(new SolverConfigOverride<EnergySchedule>()
                .withTerminationConfig(termination));
        long started = System.nanoTime();
        if (progress != null) {
            solver.addEventListener(event -> {
                EnergySchedule best = event.getNewBestSolution();
                HardSoftLongScore score = best.getScore();
                progress.accept(new Progress(score.toString(), score.isFeasible() && score.isSolutionInitialized(),
                        CostModel.round(CostModel.cost(best), 4), (System.nanoTime() - started) / 1_000_000));
            });
        }
        EnergySchedule solved = solver.solve(unsolved);
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Result(solved, describe(problem, solved, millis));
    }

    /** Describes a schedule (solved or not): per device, totals, baseline, savings and the score explanation. */
    public Plan describe(EnergyProblem problem, EnergySchedule schedule, long solveMillis) {
        ScoreExplanation<EnergySchedule, HardSoftLongScore> explanation = solutionManager.explain(schedule);
        HardSoftLongScore score = explanation.getScore();
        List<Plan.ConstraintImpact> impacts = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (ConstraintMatchTotal<HardSoftLongScore> total : explanation.getConstraintMatchTotalMap().values()) {
            HardSoftLongScore s = total.getScore();
            String name = total.getConstraintRef().constraintName();
            if (s.hardScore() != 0) {
                impacts.add(new Plan.ConstraintImpact(name, "hard", s.hardScore(), null, total.getConstraintMatchCount()));
                if (s.hardScore() < 0) {
                    broken.add(name);
                }
            }
            if (s.softScore() != 0) {
                impacts.add(new Plan.ConstraintImpact(name, "soft", s.softScore(),
                        CostModel.round(s.softScore() / EnergyConstraints.MICRO, 4), total.getConstraintMatchCount()));
            }
        }
        impacts.sort(Comparator.comparing(Plan.ConstraintImpact::level).thenComparingLong(Plan.ConstraintImpact::score));
        Plan.Totals planned = CostModel.totals(schedule);
        Plan.Totals baseline = CostModel.totals(ScheduleFactory.baseline(schedule));
        double savings = CostModel.round(baseline.cost() - planned.cost(), 4);
        Double savingsPercent = baseline.cost() > 0 ? CostModel.round(savings / baseline.cost() * 100, 2) : null;
        boolean feasible = score.isFeasible() && score.isSolutionInitialized();
        return new Plan(feasible ? "feasible" : "infeasible", problem.start(), problem.slotMinutes(), problem.slots(),
                problem.currency(), problem.objective().name(), PlanViews.devices(schedule), PlanViews.grid(schedule),
                planned, baseline, savings, savingsPercent, score.toString(), impacts, broken.isEmpty() ? null : broken,
                solveMillis);
    }
}
