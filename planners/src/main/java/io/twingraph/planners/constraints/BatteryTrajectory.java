package io.twingraph.planners.constraints;

import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import ai.timefold.solver.core.api.score.stream.uni.UniConstraintCollector;
import io.twingraph.planners.domain.Battery;
import io.twingraph.planners.domain.BatterySlot;

/**
 * The battery's state of charge over the horizon, summarised as how far it leaves its bounds.
 *
 * @param belowMilliWh sum over slots of how far the charge is below the reserve, milli-Wh
 * @param aboveMilliWh sum over slots of how far the charge is above the capacity, milli-Wh
 * @param endMilliWh   charge at the end of the horizon, milli-Wh
 */
record BatteryTrajectory(Battery battery, long belowMilliWh, long aboveMilliWh, long endMilliWh) {

    /** How far the charge ends below its target, Wh. */
    long endShortfallWh() {
        return Math.max(0, Math.round(battery.targetEndWh()) * 1000 - endMilliWh) / 1000;
    }

    long boundsViolationWh() {
        return (belowMilliWh + aboveMilliWh) / 1000;
    }

    /**
     * Collects a battery's slots into its trajectory. The charge of a slot depends on every slot before it, so a
     * change of one level is summed over the whole horizon (linear in the slots, done once per move).
     */
    static UniConstraintCollector<BatterySlot, Accumulator, BatteryTrajectory> collector() {
        return new UniConstraintCollector<>() {
            @Override
            public Supplier<Accumulator> supplier() {
                return Accumulator::new;
            }

            @Override
            public BiFunction<Accumulator, BatterySlot, Runnable> accumulator() {
                return (acc, slot) -> {
                    long stored = slot.storedMilliWh();
                    int index = slot.getSlot();
                    acc.add(slot.getBattery(), index, stored);
                    // subtract what was added (not "set to 0"): Timefold may add the new value before removing the old
                    return () -> acc.add(slot.getBattery(), index, -stored);
                };
            }

            @Override
            public Function<Accumulator, BatteryTrajectory> finisher() {
                return Accumulator::trajectory;
            }
        };
    }

    /** Per-slot changes of the stored energy, milli-Wh. */
    static final class Accumulator {
        private Battery battery;
        private long[] delta = new long[96];
        private int slots;

        void add(Battery b, int index, long milliWh) {
            battery = b;
            if (index >= delta.length) {
                delta = Arrays.copyOf(delta, Math.max(index + 1, delta.length * 2));
            }
            delta[index] += milliWh;
            slots = Math.max(slots, index + 1);
        }

        BatteryTrajectory trajectory() {
            long min = Math.round(battery.minWh() * 1000);
            long max = Math.round(battery.capacityWh() * 1000);
            long charge = Math.round(battery.initialWh() * 1000);
            long below = 0;
            long above = 0;
            for (int i = 0; i < slots; i++) {
                charge += delta[i];
                if (charge < min) {
                    below += min - charge;
                } else if (charge > max) {
                    above += charge - max;
                }
            }
            return new BatteryTrajectory(battery, below, above, charge);
        }
    }
}
