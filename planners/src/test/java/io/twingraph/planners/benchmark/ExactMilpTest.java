package io.twingraph.planners.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.solve.CostModel;
import io.twingraph.planners.solve.ScheduleFactory;

/** The exact MILP on instances small enough to check by hand. */
class ExactMilpTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void aLoadGoesToTheCheapestSlotsOfItsWindow() {
        EnergyProblem p = new EnergyProblem(T0, 60, 6, "EUR", List.of(0.3, 0.3, 0.1, 0.2, 0.1, 0.3), List.of(0.0),
                List.of(), List.of(0.0), List.of(0.0), null,
                List.of(EnergyProblem.Load.of("washer", 1000, 120, T0, T0.plusSeconds(3600 * 6))), null, List.of(),
                EnergyProblem.Objective.COST);
        ExactMilp.Solution s = ExactMilp.solve(ScheduleFactory.build(p), Duration.ofSeconds(10));
        assertThat(s.status()).isEqualTo("OPTIMAL");
        // slots 2+3 cost 0.3, slots 3+4 cost 0.3: either way 0.30
        assertThat(CostModel.cost(s.schedule())).isCloseTo(0.30, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(s.objective()).isCloseTo(0.30, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aBatteryBuysCheapAndCoversTheExpensiveSlotWithinItsLosses() {
        // 1 kW base load; 0.10 then 0.50; a lossless 1 kWh battery, empty, must end empty
        EnergyProblem p = new EnergyProblem(T0, 60, 2, "EUR", List.of(0.1, 0.5), List.of(0.0), List.of(),
                List.of(1000.0), List.of(0.0), null, List.of(),
                new EnergyProblem.Battery("b", null, 1, 1000, 1000.0, 1.0, 1.0, 0, 0.0, null, 4, null), List.of(),
                EnergyProblem.Objective.COST);
        EnergySchedule unsolved = ScheduleFactory.build(p);
        ExactMilp.Solution s = ExactMilp.solve(unsolved, Duration.ofSeconds(10));
        // charge 1 kWh at 0.10 (2 kWh bought), then the battery covers the 0.50 slot: 0.20
        assertThat(CostModel.cost(s.schedule())).isCloseTo(0.20, org.assertj.core.data.Offset.offset(1e-6));
    }
}
