package io.twingraph.planners.domain;

/**
 * A home battery. Levels run from {@code -steps} (full discharge) to {@code +steps} (full charge); power is measured
 * on the house side, the stored energy changes by {@code power * chargeEfficiency} while charging and by
 * {@code power / dischargeEfficiency} while discharging.
 *
 * @param minWh       reserve the charge must not go below
 * @param targetEndWh charge the battery must hold at the end of the horizon (so that a plan does not sell what the
 *                    next day needs)
 */
public record Battery(String id, String name, double capacityWh, double minWh, double initialWh, double targetEndWh,
                      double maxChargeW, double maxDischargeW, double chargeEfficiency, double dischargeEfficiency,
                      int steps, double slotHours) {

    /** House-side power of a level, W. */
    public int watts(int level) {
        return (int) Math.round(level > 0 ? level * maxChargeW / steps : level * maxDischargeW / steps);
    }

    /** Change of the stored energy in one slot at a level, milli-Wh (integers, so that sums never drift). */
    public long storedMilliWh(int level) {
        double w = watts(level);
        double wh = (w > 0 ? w * chargeEfficiency : w / dischargeEfficiency) * slotHours;
        return Math.round(wh * 1000);
    }

    @Override
    public String toString() {
        return id;
    }
}
