package io.twingraph.planners.solve;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A solved plan as people and the API see it.
 *
 * @param status        {@code feasible}, or {@code infeasible} when a hard constraint is broken (then
 *                      {@code brokenConstraints} names them)
 * @param devices       what each planned device does, one value a slot
 * @param gridW         power exchanged with the grid in each slot, W (positive: import)
 * @param planned       totals of the plan
 * @param baseline      totals when every load runs as soon as it may and the battery is idle
 * @param savings       baseline cost minus plan cost
 * @param savingsPercent savings as a percentage of the baseline cost (null when the baseline costs nothing or less)
 * @param explanation   what each constraint contributes to the score
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Plan(String status, Instant start, int slotMinutes, int slots, String currency, String objective,
                   List<DeviceSchedule> devices, List<Double> gridW, Totals planned, Totals baseline, double savings,
                   Double savingsPercent, String score, List<ConstraintImpact> explanation,
                   List<String> brokenConstraints, long solveMillis) {

    /** {@code feasible} plans respect every hard constraint. */
    public boolean feasible() {
        return "feasible".equals(status);
    }

    /**
     * One device's plan.
     *
     * @param kind      {@code appliance}, {@code ev} or {@code battery}
     * @param powerW    planned power per slot, W (battery: positive while charging)
     * @param socPercent battery only: charge at the end of each slot, %
     * @param runs      appliances and EVs: the intervals the device is on
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceSchedule(String id, String name, String kind, List<Double> powerW, List<Double> socPercent,
                                 List<Interval> runs) {
    }

    /** An interval of slots, [from, to), with its times. */
    public record Interval(int fromSlot, int toSlot, Instant from, Instant to) {
    }

    /**
     * Totals over the horizon.
     *
     * @param selfConsumptionPercent share of PV energy used at home (null without PV)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Totals(double cost, double importKwh, double exportKwh, double co2Kg, Double selfConsumptionPercent,
                         double peakImportW) {
    }

    /**
     * What one constraint adds to the score.
     *
     * @param level  {@code hard} or {@code soft}
     * @param score  its score impact (hard: Wh of violation; soft: micro-currency)
     * @param amount soft constraints: the impact in currency (negative: a cost)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConstraintImpact(String constraint, String level, long score, Double amount, int matches) {
    }
}
