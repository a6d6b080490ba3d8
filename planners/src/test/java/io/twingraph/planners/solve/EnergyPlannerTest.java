package io.twingraph.planners.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.twingraph.error.TwinGraphException;
import io.twingraph.planners.domain.LoadRun;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.problem.ProblemFiles;

/** Real solves of a small home (24 one-hour slots) with short time limits. */
class EnergyPlannerTest {
    static final EnergyPlanner PLANNER = new EnergyPlanner();
    static final EnergyPlanner.Limits SHORT = new EnergyPlanner.Limits(Duration.ofSeconds(3), Duration.ofMillis(700));

    static EnergyProblem home() throws Exception {
        return ProblemFiles.read(Path.of(EnergyPlannerTest.class.getResource("/two-day-home.json").toURI()));
    }

    @Test
    void aPlanIsFeasibleAndCostsLessThanTheBaseline() throws Exception {
        List<EnergyPlanner.Progress> progress = new ArrayList<>();
        EnergyPlanner.Result result = PLANNER.plan(home(), SHORT, progress::add);
        Plan plan = result.plan();

        assertThat(plan.status()).isEqualTo("feasible");
        assertThat(plan.brokenConstraints()).isNull();
        assertThat(plan.planned().cost()).isLessThan(plan.baseline().cost());
        assertThat(plan.savings()).isCloseTo(plan.baseline().cost() - plan.planned().cost(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(progress).isNotEmpty();
        // the explanation's money adds up to the soft score, and import cost minus export revenue is the plan's cost
        double importCost = -amount(plan, "import cost");
        double exportRevenue = amount(plan, "export revenue");
        assertThat(importCost - exportRevenue).isCloseTo(plan.planned().cost(), org.assertj.core.data.Offset.offset(0.01));
        // every load ran inside its window, the car got its energy before departure
        Plan.DeviceSchedule car = device(plan, "car");
        assertThat(car.powerW().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(15_000.0);
        assertThat(car.powerW().subList(0, 18)).allMatch(w -> w == 0);
        Plan.DeviceSchedule washer = device(plan, "washer");
        assertThat(washer.runs()).hasSize(1);
        assertThat(washer.runs().get(0).fromSlot()).isBetween(6, 20);
        Plan.DeviceSchedule battery = device(plan, "battery");
        assertThat(battery.socPercent()).allMatch(soc -> soc >= 10 - 1e-6 && soc <= 100 + 1e-6);
        assertThat(battery.socPercent().get(23)).isGreaterThanOrEqualTo(30 - 1e-6);
    }

    @Test
    void theBaselineRunsEveryLoadAsSoonAsItMayWithTheBatteryIdle() throws Exception {
        var schedule = ScheduleFactory.baseline(ScheduleFactory.build(home()));
        assertThat(schedule.getRuns()).filteredOn(r -> r.getLoad().id().equals("washer"))
                .extracting(LoadRun::getStart).containsExactly(6);
        assertThat(schedule.getRuns()).filteredOn(r -> r.getLoad().id().equals("pool-pump"))
                .extracting(LoadRun::getStart).containsExactly(0, 1, 2);
        assertThat(schedule.getBatterySlots()).allMatch(b -> b.getLevel() == 0);
    }

    @Test
    void aDeadlineShorterThanTheRunIsReportedWithItsConstraintBeforeSolving() throws Exception {
        EnergyProblem p = home();
        List<EnergyProblem.Load> loads = new ArrayList<>(p.loads());
        loads.set(1, loads.get(1).withWindow(p.start().plusSeconds(3600 * 10), p.start().plusSeconds(3600 * 11)));
        EnergyProblem tooShort = p.with(p.start(), p.slots(), loads, p.battery(), p.evs());
        assertThatThrownBy(() -> PLANNER.plan(tooShort, SHORT, null))
                .isInstanceOf(TwinGraphException.class)
                .hasMessageContaining("run ends by deadline").hasMessageContaining("dishwasher")
                .extracting(e -> ((TwinGraphException) e).code()).isEqualTo("plans:problem.infeasible");
    }

    @Test
    void powerAboveTheGridLimitIsReportedWithItsConstraint() throws Exception {
        EnergyProblem p = home();
        EnergyProblem small = new EnergyProblem(p.start(), p.slotMinutes(), p.slots(), p.currency(), p.importPrice(),
                p.exportPrice(), p.co2(), p.baseLoadW(), p.pvW(), 6000.0, p.loads(), null, p.evs(), p.objective());
        assertThatThrownBy(() -> PLANNER.plan(small, SHORT, null))
                .hasMessageContaining("grid connection limit").hasMessageContaining("car");
    }

    @Test
    void aHardConstraintTheCheckCannotSeeMakesThePlanInfeasibleAndNamesIt() throws Exception {
        EnergyProblem p = home();
        // each load fits alone, but washer (2 kW peak) + car (7.4 kW) in the evening exceed 8 kW with the base load;
        // the window forces both into 20:00-22:00 -> the grid limit must break
        List<EnergyProblem.Load> loads = List.of(p.loads().get(0).withWindow(p.start().plusSeconds(3600 * 20),
                p.start().plusSeconds(3600 * 22)));
        List<EnergyProblem.Ev> evs = List.of(new EnergyProblem.Ev("car", null, 7400, 14.8,
                p.start().plusSeconds(3600 * 20), p.start().plusSeconds(3600 * 22), null));
        EnergyProblem clash = new EnergyProblem(p.start(), p.slotMinutes(), p.slots(), p.currency(), p.importPrice(),
                p.exportPrice(), p.co2(), p.baseLoadW(), p.pvW(), 8000.0, loads, null, evs, p.objective());
        Plan plan = PLANNER.plan(clash, SHORT, null).plan();
        assertThat(plan.status()).isEqualTo("infeasible");
        assertThat(plan.brokenConstraints()).containsExactly("grid connection limit");
    }

    @Test
    void replanningAfterAPriceChangeStartsFromTheEarlierScheduleAndFollowsTheNewPrices() throws Exception {
        EnergyProblem p = home();
        EnergyPlanner.Result first = PLANNER.plan(p, SHORT, null);
        // electricity becomes very cheap from 02:00 to 05:00: the washer window starts at 06:00, the dishwasher may go there
        List<Double> prices = new ArrayList<>(p.importPrice());
        for (int t = 2; t < 5; t++) {
            prices.set(t, 0.01);
        }
        EnergyPlanner.Result second = PLANNER.replan(p.withPrices(prices, null), first.schedule(), 0, Set.of(), SHORT, null);
        assertThat(second.plan().status()).isEqualTo("feasible");
        Plan.DeviceSchedule dishwasher = device(second.plan(), "dishwasher");
        assertThat(dishwasher.runs().get(0).fromSlot()).isBetween(2, 3);
    }

    static Plan.DeviceSchedule device(Plan plan, String id) {
        return plan.devices().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    static double amount(Plan plan, String constraint) {
        return plan.explanation().stream().filter(c -> c.constraint().equals(constraint))
                .mapToDouble(c -> c.amount() == null ? 0 : c.amount()).sum();
    }
}
