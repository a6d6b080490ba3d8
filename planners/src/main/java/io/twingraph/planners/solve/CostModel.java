package io.twingraph.planners.solve;

import io.twingraph.planners.domain.EnergySchedule;
import io.twingraph.planners.domain.Slot;

/**
 * Totals of a schedule computed directly from its slots and draws, independent of the score: the benchmark and the
 * baseline use it, and tests check it against the constraints.
 */
public final class CostModel {
    private CostModel() {
    }

    public static Plan.Totals totals(EnergySchedule schedule) {
        return totals(schedule, schedule.drawsPerSlot());
    }

    public static Plan.Totals totals(EnergySchedule schedule, long[] draws) {
        double cost = 0;
        double imported = 0;
        double exported = 0;
        double co2 = 0;
        double pv = 0;
        double peak = 0;
        for (Slot slot : schedule.getSlots()) {
            long d = draws[slot.index()];
            cost += slot.cost(d);
            imported += slot.importedKwh(d);
            exported += slot.exportedKwh(d);
            co2 += slot.co2Kg(d);
            pv += slot.pvW() / 1000 * slot.hours();
            peak = Math.max(peak, slot.netW(d));
        }
        Double selfConsumption = pv > 0 ? round((pv - Math.min(pv, exported)) / pv * 100, 2) : null;
        return new Plan.Totals(round(cost, 4), round(imported, 3), round(exported, 3), round(co2, 3), selfConsumption,
                Math.round(peak));
    }

    /** The cost without rounding. */
    public static double cost(EnergySchedule schedule) {
        long[] draws = schedule.drawsPerSlot();
        double cost = 0;
        for (Slot slot : schedule.getSlots()) {
            cost += slot.cost(draws[slot.index()]);
        }
        return cost;
    }

    static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }
}
