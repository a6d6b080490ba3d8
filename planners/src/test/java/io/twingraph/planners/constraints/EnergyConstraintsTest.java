package io.twingraph.planners.constraints;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import ai.timefold.solver.test.api.score.stream.ConstraintVerifier;
import io.twingraph.planners.domain.Battery;
import io.twingraph.planners.domain.BatterySlot;
import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.domain.Load;
import io.twingraph.planners.domain.LoadRun;
import io.twingraph.planners.domain.PlanSettings;
import io.twingraph.planners.domain.Slot;

/** One test per constraint, with the fewest facts and the exact penalty. Slots are one hour long. */
class EnergyConstraintsTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final ConstraintVerifier<EnergyConstraints, EnergySchedule> VERIFY =
            ConstraintVerifier.build(new EnergyConstraints(), EnergySchedule.class, LoadRun.class, BatterySlot.class);
    private static final PlanSettings COST_ONLY = new PlanSettings(Double.POSITIVE_INFINITY, 1, 0, 0);

    private static Slot slot(int index, double baseW, double pvW, double importPrice, double exportPrice, double co2) {
        return new Slot(index, T0.plusSeconds(3600L * index), 1.0, baseW, pvW, importPrice, exportPrice, co2);
    }

    private static Load load(String id, int earliest, int deadline, int minOff, boolean optional, double value) {
        return new Load(id, id, Load.Kind.APPLIANCE, earliest, deadline, minOff > 0, minOff, optional,
                Math.round(value * EnergyConstraints.MICRO), 1.0);
    }

    private static LoadRun run(String id, Load load, Integer start, int... watts) {
        return new LoadRun(id, load, watts, start);
    }

    /** 10 kWh, reserve 1 kWh, starts at 5 kWh, must end with 5 kWh; 1 kW a step each way, lossless. */
    private static Battery battery(double initialWh, double targetWh) {
        return new Battery("bat", "bat", 10_000, 1_000, initialWh, targetWh, 5_000, 5_000, 1, 1, 5, 1.0);
    }

    // ---------------------------------------------------------------------------------------------------- hard

    @Test
    void requiredLoadIsScheduled() {
        Load washer = load("washer", 0, 4, 0, false, 0);
        VERIFY.verifyThat(EnergyConstraints::requiredLoadIsScheduled)
                .given(run("w#0", washer, null, 2000, 500))
                .penalizesBy(2500);
        VERIFY.verifyThat(EnergyConstraints::requiredLoadIsScheduled)
                .given(run("w#0", washer, 1, 2000, 500), run("o#0", load("opt", 0, 4, 0, true, 1), null, 100))
                .penalizesBy(0);
    }

    @Test
    void runStartsNoEarlierThanAllowed() {
        Load washer = load("washer", 2, 6, 0, false, 0);
        VERIFY.verifyThat(EnergyConstraints::runStartsNoEarlierThanAllowed)
                .given(run("w#0", washer, 1, 2000, 500))
                .penalizesBy(2000);
        LoadRun running = run("w#0", washer, 0, 2000, 500);
        running.setPinned(true);
        VERIFY.verifyThat(EnergyConstraints::runStartsNoEarlierThanAllowed).given(running).penalizesBy(0);
    }

    @Test
    void runEndsByDeadline() {
        Load washer = load("washer", 0, 3, 0, false, 0);
        VERIFY.verifyThat(EnergyConstraints::runEndsByDeadline)
                .given(run("w#0", washer, 2, 2000, 500))
                .penalizesBy(500);
        VERIFY.verifyThat(EnergyConstraints::runEndsByDeadline)
                .given(run("w#0", washer, 1, 2000, 500))
                .penalizesBy(0);
    }

    @Test
    void runsOfOneLoadDoNotOverlap() {
        Load ev = load("ev", 0, 8, 0, false, 0);
        Load other = load("other", 0, 8, 0, false, 0);
        VERIFY.verifyThat(EnergyConstraints::runsOfOneLoadDoNotOverlap)
                .given(run("ev#0", ev, 1, 7000, 7000), run("ev#1", ev, 2, 3000), run("other#0", other, 2, 9000))
                .penalizesBy(3000);
        VERIFY.verifyThat(EnergyConstraints::runsOfOneLoadDoNotOverlap)
                .given(run("ev#0", ev, 1, 7000, 7000), run("ev#1", ev, 3, 3000))
                .penalizesBy(0);
    }

    @Test
    void minimumPauseBetweenRuns() {
        Load heater = load("heater", 0, 12, 3, false, 0);
        // runs at 0-1 and 2-3: a pause of 1 slot where 3 are needed
        VERIFY.verifyThat(EnergyConstraints::minimumPauseBetweenRuns)
                .given(run("h#0", heater, 0, 1000), run("h#1", heater, 2, 1000))
                .penalizesBy(2 * EnergyConstraints.PAUSE_SLOT_PENALTY);
        // touching runs are one longer run; far apart ones pause long enough
        VERIFY.verifyThat(EnergyConstraints::minimumPauseBetweenRuns)
                .given(run("h#0", heater, 0, 1000), run("h#1", heater, 1, 1000), run("h#2", heater, 5, 1000))
                .penalizesBy(0);
    }

    @Test
    void gridConnectionLimit() {
        PlanSettings limit = new PlanSettings(5000, 1, 0, 0);
        Load oven = load("oven", 0, 2, 0, false, 0);
        // slot 0: 1000 base + 4500 oven = 5500 W, 500 W over for an hour; slot 1: 1000 W
        VERIFY.verifyThat(EnergyConstraints::gridConnectionLimit)
                .given(limit, slot(0, 1000, 0, 0.2, 0, 0), slot(1, 1000, 0, 0.2, 0, 0), run("o#0", oven, 0, 4500))
                .penalizesBy(500);
        // export above the limit counts too: 8 kW of PV against 1 kW of base load
        VERIFY.verifyThat(EnergyConstraints::gridConnectionLimit)
                .given(limit, slot(0, 1000, 8000, 0.2, 0, 0))
                .penalizesBy(2000);
    }

    @Test
    void batteryChargeWithinBounds() {
        Battery b = battery(5_000, 0);
        // +5 kWh, +5 kWh: 10 kWh then 15 kWh, 5 kWh above the capacity in the second slot
        VERIFY.verifyThat(EnergyConstraints::batteryChargeWithinBounds)
                .given(new BatterySlot(b, 0, 5), new BatterySlot(b, 1, 5))
                .penalizesBy(5000);
        // -5 kWh: 0 kWh in both slots, 1 kWh below the reserve in each
        VERIFY.verifyThat(EnergyConstraints::batteryChargeWithinBounds)
                .given(new BatterySlot(b, 0, -5), new BatterySlot(b, 1, 0))
                .penalizesBy(2000);
        VERIFY.verifyThat(EnergyConstraints::batteryChargeWithinBounds)
                .given(new BatterySlot(b, 0, -2), new BatterySlot(b, 1, 3))
                .penalizesBy(0);
    }

    @Test
    void batteryEndsAtTargetCharge() {
        Battery b = battery(5_000, 5_000);
        VERIFY.verifyThat(EnergyConstraints::batteryEndsAtTargetCharge)
                .given(new BatterySlot(b, 0, -3), new BatterySlot(b, 1, 1))
                .penalizesBy(2000);
        VERIFY.verifyThat(EnergyConstraints::batteryEndsAtTargetCharge)
                .given(new BatterySlot(b, 0, -3), new BatterySlot(b, 1, 3))
                .penalizesBy(0);
    }

    // ---------------------------------------------------------------------------------------------------- soft

    @Test
    void importCost() {
        Load washer = load("washer", 0, 2, 0, false, 0);
        // slot 0: 500 base + 2000 washer = 2.5 kWh at 0.30 = 0.75; slot 1 exports and costs nothing
        VERIFY.verifyThat(EnergyConstraints::importCost)
                .given(COST_ONLY, slot(0, 500, 0, 0.30, 0.10, 0), slot(1, 1000, 3000, 0.30, 0.10, 0),
                        run("w#0", washer, 0, 2000))
                .penalizesBy(750_000);
    }

    @Test
    void importCostCountsABatteryDischargeAgainstTheLoad() {
        Battery b = battery(5_000, 0);
        // 3 kW base, battery gives 2 kW: 1 kWh imported at 0.40
        VERIFY.verifyThat(EnergyConstraints::importCost)
                .given(COST_ONLY, slot(0, 3000, 0, 0.40, 0.05, 0), new BatterySlot(b, 0, -2))
                .penalizesBy(400_000);
    }

    @Test
    void exportRevenue() {
        Load washer = load("washer", 0, 2, 0, false, 0);
        // slot 1: 3 kW PV - 1 kW base = 2 kWh out at 0.10; slot 0 imports and earns nothing
        VERIFY.verifyThat(EnergyConstraints::exportRevenue)
                .given(COST_ONLY, slot(0, 500, 0, 0.30, 0.10, 0), slot(1, 1000, 3000, 0.30, 0.10, 0),
                        run("w#0", washer, 0, 2000))
                .rewardsWith(200_000);
    }

    @Test
    void carbonEmissions() {
        PlanSettings co2 = new PlanSettings(Double.POSITIVE_INFINITY, 1, 0.5, 0);
        // 2 kWh imported at 0.3 kg/kWh = 0.6 kg at 0.5 per kg = 0.30
        VERIFY.verifyThat(EnergyConstraints::carbonEmissions)
                .given(co2, slot(0, 2000, 0, 0.2, 0, 0.3), slot(1, 0, 1000, 0.2, 0, 0.3))
                .penalizesBy(300_000);
    }

    @Test
    void exportedSolarEnergy() {
        PlanSettings selfConsumption = new PlanSettings(Double.POSITIVE_INFINITY, 1, 0, 0.25);
        Load washer = load("washer", 0, 2, 0, false, 0);
        // 4 kW PV - 1 kW base - 2 kW washer = 1 kWh exported at 0.25
        VERIFY.verifyThat(EnergyConstraints::exportedSolarEnergy)
                .given(selfConsumption, slot(0, 1000, 4000, 0.2, 0.05, 0), run("w#0", washer, 0, 2000))
                .penalizesBy(250_000);
    }

    @Test
    void optionalLoadSkipped() {
        Load pool = load("pool-pump", 0, 4, 0, true, 0.80);
        VERIFY.verifyThat(EnergyConstraints::optionalLoadSkipped)
                .given(run("p#0", pool, null, 1000))
                .penalizesBy(800_000);
        VERIFY.verifyThat(EnergyConstraints::optionalLoadSkipped)
                .given(run("p#0", pool, 2, 1000))
                .penalizesBy(0);
    }
}
