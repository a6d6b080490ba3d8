package io.twingraph.planners.constraints;

import static ai.timefold.solver.core.api.score.stream.Joiners.equal;
import static ai.timefold.solver.core.api.score.stream.Joiners.overlapping;

import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintCollectors;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.tri.TriConstraintStream;
import io.twingraph.planners.domain.BatterySlot;
import io.twingraph.planners.domain.Draw;
import io.twingraph.planners.domain.LoadRun;
import io.twingraph.planners.domain.PlanSettings;
import io.twingraph.planners.domain.Slot;

/**
 * The energy planner's rules. Hard penalties are the energy that breaks a limit, in Wh (a run outside its window,
 * overlapping runs, power above the grid connection, charge outside the battery's bounds), and a run left out counts
 * its whole energy; minimum pauses count 1000 per slot missing. Soft penalties are money in micro-currency:
 * {@code costWeight * (import cost - export revenue) + co2PricePerKg * CO2 + exportPenaltyPerKwh * exported kWh}, each
 * its own constraint so the score explanation shows what each part costs.
 */
public final class EnergyConstraints implements ConstraintProvider {
    /** Micro-currency per currency unit: the unit of the soft score. */
    public static final double MICRO = 1_000_000;
    /** Hard penalty per slot of a minimum pause that is missing. */
    static final long PAUSE_SLOT_PENALTY = 1000;

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
                // hard
                requiredLoadIsScheduled(factory),
                runStartsNoEarlierThanAllowed(factory),
                runEndsByDeadline(factory),
                runsOfOneLoadDoNotOverlap(factory),
                minimumPauseBetweenRuns(factory),
                gridConnectionLimit(factory),
                batteryChargeWithinBounds(factory),
                batteryEndsAtTargetCharge(factory),
                // soft
                importCost(factory),
                exportRevenue(factory),
                carbonEmissions(factory),
                exportedSolarEnergy(factory),
                optionalLoadSkipped(factory)
        };
    }

    // ------------------------------------------------------------------------------------------------------- hard

    /** A load that is not optional must run: a run left unassigned costs its energy. */
    Constraint requiredLoadIsScheduled(ConstraintFactory factory) {
        return factory.forEachIncludingUnassigned(LoadRun.class)
                .filter(run -> run.getStart() == null && !run.getLoad().optional())
                .penalizeLong(HardSoftLongScore.ONE_HARD, run -> Math.max(1, Math.round(run.energyWh())))
                .asConstraint("required load is scheduled");
    }

    /**
     * No run starts before its load's earliest start. The search keeps to the window by itself; this catches starts
     * carried over from elsewhere. A pinned run has already started: its start is a fact, not a choice.
     */
    Constraint runStartsNoEarlierThanAllowed(ConstraintFactory factory) {
        return factory.forEach(LoadRun.class)
                .filter(run -> !run.isPinned() && run.getStart() < run.getLoad().earliestSlot())
                .penalizeLong(HardSoftLongScore.ONE_HARD, run -> Math.max(1,
                        Math.round(run.energyWh(0, run.getLoad().earliestSlot() - run.getStart()))))
                .asConstraint("run starts no earlier than allowed");
    }

    /** Every run has ended by its load's deadline: the energy after the deadline counts. */
    Constraint runEndsByDeadline(ConstraintFactory factory) {
        return factory.forEach(LoadRun.class)
                .filter(run -> run.end() > run.getLoad().deadlineSlot())
                .penalizeLong(HardSoftLongScore.ONE_HARD, run -> Math.max(1,
                        Math.round(run.energyWh(run.getLoad().deadlineSlot() - run.getStart(), run.length()))))
                .asConstraint("run ends by deadline");
    }

    /** A device runs one run at a time: the overlapping energy of two runs of one load counts. */
    Constraint runsOfOneLoadDoNotOverlap(ConstraintFactory factory) {
        return factory.forEachUniquePair(LoadRun.class, equal(LoadRun::getLoad),
                        overlapping(LoadRun::getStart, LoadRun::end))
                .penalizeLong(HardSoftLongScore.ONE_HARD, (a, b) -> Math.max(1, Math.round(overlapWh(a, b))))
                .asConstraint("runs of one load do not overlap");
    }

    /** Between two runs of an interruptible load that do not touch, the pause is at least its minimum off-time. */
    Constraint minimumPauseBetweenRuns(ConstraintFactory factory) {
        return factory.forEachUniquePair(LoadRun.class, equal(LoadRun::getLoad))
                .filter((a, b) -> pauseShortfall(a, b) > 0)
                .penalizeLong(HardSoftLongScore.ONE_HARD, (a, b) -> PAUSE_SLOT_PENALTY * pauseShortfall(a, b))
                .asConstraint("minimum pause between runs");
    }

    /** Import and export stay within the grid connection's limit: the energy above it counts. */
    Constraint gridConnectionLimit(ConstraintFactory factory) {
        return netPowerPerSlot(factory)
                .filter((slot, draws, settings) -> Math.abs(slot.netW(draws)) > settings.gridLimitW())
                .penalizeLong(HardSoftLongScore.ONE_HARD, (slot, draws, settings) -> Math.max(1,
                        Math.round((Math.abs(slot.netW(draws)) - settings.gridLimitW()) * slot.hours())))
                .asConstraint("grid connection limit");
    }

    /** The battery's charge stays between its reserve and its capacity in every slot. */
    Constraint batteryChargeWithinBounds(ConstraintFactory factory) {
        return factory.forEach(BatterySlot.class)
                .groupBy(BatteryTrajectory.collector())
                .filter(trajectory -> trajectory.boundsViolationWh() > 0)
                .penalizeLong(HardSoftLongScore.ONE_HARD, BatteryTrajectory::boundsViolationWh)
                .asConstraint("battery charge within bounds");
    }

    /** The battery ends the horizon with at least its target charge. */
    Constraint batteryEndsAtTargetCharge(ConstraintFactory factory) {
        return factory.forEach(BatterySlot.class)
                .groupBy(BatteryTrajectory.collector())
                .filter(trajectory -> trajectory.endShortfallWh() > 0)
                .penalizeLong(HardSoftLongScore.ONE_HARD, BatteryTrajectory::endShortfallWh)
                .asConstraint("battery ends at target charge");
    }

    // ------------------------------------------------------------------------------------------------------- soft

    /** Energy drawn from the grid costs its import price. */
    Constraint importCost(ConstraintFactory factory) {
        return netPowerPerSlot(factory)
                .filter((slot, draws, settings) -> slot.netW(draws) > 0)
                .penalizeLong(HardSoftLongScore.ONE_SOFT, (slot, draws, settings) ->
                        Math.round(settings.costWeight() * slot.importedKwh(draws) * slot.importPrice() * MICRO))
                .asConstraint("import cost");
    }

    /** Energy fed into the grid earns its export price. */
    Constraint exportRevenue(ConstraintFactory factory) {
        return netPowerPerSlot(factory)
                .filter((slot, draws, settings) -> slot.netW(draws) < 0)
                .rewardLong(HardSoftLongScore.ONE_SOFT, (slot, draws, settings) ->
                        Math.round(settings.costWeight() * slot.exportedKwh(draws) * slot.exportPrice() * MICRO))
                .asConstraint("export revenue");
    }

    /** CO2 of imported energy at the objective's carbon price. */
    Constraint carbonEmissions(ConstraintFactory factory) {
        return netPowerPerSlot(factory)
                .filter((slot, draws, settings) -> settings.co2PricePerKg() > 0 && slot.co2KgPerKwh() > 0)
                .penalizeLong(HardSoftLongScore.ONE_SOFT, (slot, draws, settings) ->
                        Math.round(settings.co2PricePerKg() * slot.co2Kg(draws) * MICRO))
                .asConstraint("carbon emissions");
    }

    /** Solar energy sent to the grid instead of used at home, at the objective's self-consumption weight. */
    Constraint exportedSolarEnergy(ConstraintFactory factory) {
        return netPowerPerSlot(factory)
                .filter((slot, draws, settings) -> settings.exportPenaltyPerKwh() > 0)
                .penalizeLong(HardSoftLongScore.ONE_SOFT, (slot, draws, settings) ->
                        Math.round(settings.exportPenaltyPerKwh() * slot.exportedKwh(draws) * MICRO))
                .asConstraint("exported solar energy");
    }

    /** Leaving out a run of an optional load forgoes what it is worth. */
    Constraint optionalLoadSkipped(ConstraintFactory factory) {
        return factory.forEachIncludingUnassigned(LoadRun.class)
                .filter(run -> run.getStart() == null && run.getLoad().optional())
                .penalizeLong(HardSoftLongScore.ONE_SOFT, run -> run.getLoad().skipPenaltyMicro())
                .asConstraint("optional load skipped");
    }

    // ----------------------------------------------------------------------------------------------------- shared

    /**
     * Every slot with the sum of what the planned devices draw in it (0 when nothing does) and the settings. Built
     * the same way for every constraint that uses it, so Timefold shares one set of nodes among them.
     */
    static TriConstraintStream<Slot, Long, PlanSettings> netPowerPerSlot(ConstraintFactory factory) {
        return factory.forEach(Slot.class).map(Slot::noDraw)
                .concat(factory.forEach(LoadRun.class).flattenLast(LoadRun::draws))
                .concat(factory.forEach(BatterySlot.class).map(BatterySlot::draw))
                .groupBy(Draw::slot, ConstraintCollectors.sumLong(draw -> (long) draw.watts()))
                .join(Slot.class, equal((index, draws) -> index, Slot::index))
                .map((index, draws, slot) -> slot, (index, draws, slot) -> draws)
                .join(PlanSettings.class);
    }

    static double overlapWh(LoadRun a, LoadRun b) {
        int from = Math.max(a.getStart(), b.getStart());
        int to = Math.min(a.end(), b.end());
        return Math.min(a.energyWh(from - a.getStart(), to - a.getStart()), b.energyWh(from - b.getStart(), to - b.getStart()));
    }

    /** Slots missing from the minimum pause between two runs of one load; 0 when they overlap, touch or are apart. */
    static int pauseShortfall(LoadRun a, LoadRun b) {
        int minOff = a.getLoad().minOffSlots();
        if (minOff <= 0) {
            return 0;
        }
        int gap = a.getStart() < b.getStart() ? b.getStart() - a.end() : a.getStart() - b.end();
        return gap > 0 && gap < minOff ? minOff - gap : 0;
    }
}
