package io.twingraph.planners.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.twingraph.planners.domain.BatterySlot;
import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.domain.LoadRun;
import io.twingraph.planners.problem.EnergyProblem;
import io.twingraph.planners.solve.ScheduleFactory;

/** The problem of a replan from the current slot, on a hand-made schedule of the two-day home. */
class RollForwardTest {
    private static final RollForward.Changes NONE = new RollForward.Changes(List.of(), Map.of(), Map.of(), null);

    /** washer 07-09, dishwasher 12-14, pool pump at 02 and 09 (third run left out), car 18-21, battery charging 00-04. */
    private static EnergySchedule schedule(EnergyProblem p) {
        EnergySchedule s = ScheduleFactory.build(p);
        for (LoadRun run : s.getRuns()) {
            run.setStart(switch (run.getId()) {
                case "washer#0" -> 7;
                case "dishwasher#0" -> 12;
                case "pool-pump#0" -> 2;
                case "pool-pump#1" -> 9;
                case "pool-pump#2" -> null;
                case "car#0" -> 18;
                case "car#1" -> 19;
                case "car#2" -> 20;
                default -> throw new AssertionError(run.getId());
            });
        }
        for (BatterySlot b : s.getBatterySlots()) {
            b.setLevel(b.getSlot() < 4 ? 1 : 0);
        }
        return s;
    }

    @Test
    void fromTheCurrentSlotRunningLoadsGoOnFinishedOnesAreLeftOutAndTheRestKeepsItsNeeds() throws Exception {
        EnergyProblem p = ExecutionSchedulerTest.home();
        EnergySchedule s = schedule(p);

        EnergyProblem next = RollForward.roll(p, s, 8, NONE);

        assertThat(next.start()).isEqualTo(p.start().plus(Duration.ofHours(8)));
        assertThat(next.slots()).isEqualTo(16);
        assertThat(next.importPrice()).isEqualTo(p.importPrice().subList(8, 24));
        assertThat(next.pvW()).isEqualTo(p.pvW().subList(8, 24));
        // the washer is in its second slot: the rest (one slot at its second slot's power) must run now
        EnergyProblem.Load washer = load(next, "washer");
        LoadRun washerRun = s.getRuns().stream().filter(r -> r.getId().equals("washer#0")).findFirst().orElseThrow();
        assertThat(washer.profile()).containsExactly(new EnergyProblem.Phase(60, washerRun.wattsAt(1)));
        assertThat(washer.earliestStart()).isEqualTo(next.start());
        assertThat(washer.deadline()).isEqualTo(next.start().plus(Duration.ofHours(1)));
        assertThat(washer.control()).isEqualTo(load(p, "washer").control());
        // the dishwasher has not started: as it was
        assertThat(load(next, "dishwasher")).isEqualTo(load(p, "dishwasher"));
        // the pool pump ran at 02: two runs of 800 W are left, still optional
        EnergyProblem.Load pump = load(next, "pool-pump");
        assertThat(pump.profile()).containsExactly(new EnergyProblem.Phase(60, 800), new EnergyProblem.Phase(60, 800));
        assertThat(pump.isInterruptible()).isTrue();
        assertThat(pump.isOptional()).isTrue();
        // the car has not come yet
        assertThat(next.evs()).containsExactlyElementsOf(p.evs());
        // 4 slots charging at 1 kW with 95 % efficiency on 10 kWh: 30 % + 4 x 0.95 kWh; the end target stays 30 %
        assertThat(next.battery().socPercent()).isEqualTo(30 + 4 * 0.95 / 10 * 100, org.assertj.core.data.Offset.offset(0.01));
        assertThat(next.battery().targetSocPercent()).isEqualTo(30.0);
        // and the result is a problem the planner takes
        assertThat(ScheduleFactory.build(next).getRuns()).isNotEmpty();
    }

    @Test
    void duringTheChargeTheCarNeedsWhatItsPlannedSlotsStillHoldAndSwitchedLoadsFollowTheTwins() throws Exception {
        EnergyProblem p = ExecutionSchedulerTest.home();
        EnergySchedule s = schedule(p);

        RollForward.Changes changes = new RollForward.Changes(
                List.of(new PricePeriod(p.start().plus(Duration.ofHours(20)), p.start().plus(Duration.ofHours(22)), 0.05, null, null)),
                Map.of("dishwasher", "off"), Map.of("home1:ev-charger", Optional.empty()), 55.5);
        EnergyProblem next = RollForward.roll(p, s, 19, changes);

        // slots 19 (7.4 kWh) and 20 (the last 0.2 kWh) are still to come
        assertThat(next.evs()).singleElement().satisfies(ev -> {
            assertThat(ev.energyKwh()).isEqualTo(7.6);
            assertThat(ev.arrival()).isEqualTo(next.start());
        });
        assertThat(next.loads()).extracting(EnergyProblem.Load::id).containsExactly("pool-pump"); // washer done, dishwasher off
        assertThat(next.importPrice()).containsExactly(0.40, 0.05, 0.05, 0.20, 0.20);
        assertThat(next.battery().socPercent()).isEqualTo(55.5); // measured wins over expected
        // a car plugged in at a wallbox the problem did not have is added
        EnergyProblem.Ev other = new EnergyProblem.Ev("home2:ev-charger", null, 3700, 5, next.start(), p.end(), null);
        EnergyProblem added = RollForward.roll(p, s, 19, new RollForward.Changes(List.of(), Map.of(),
                Map.of("home2:ev-charger", Optional.of(other)), null));
        assertThat(added.evs()).extracting(EnergyProblem.Ev::id).containsExactly("car", "home2:ev-charger");
    }

    private static EnergyProblem.Load load(EnergyProblem p, String id) {
        return p.loads().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }
}
