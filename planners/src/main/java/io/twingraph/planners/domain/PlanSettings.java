package io.twingraph.planners.domain;

/**
 * The grid limit and the weights of the objective. The soft score is, in micro-currency,
 * {@code costWeight * cost + co2PricePerKg * kg CO2 + exportPenaltyPerKwh * kWh exported}
 * (see {@link io.twingraph.planners.problem.EnergyProblem.Objective}).
 *
 * @param gridLimitW most power the connection may import or export, W ({@code Double.POSITIVE_INFINITY}: none)
 */
public record PlanSettings(double gridLimitW, double costWeight, double co2PricePerKg, double exportPenaltyPerKwh) {
}
