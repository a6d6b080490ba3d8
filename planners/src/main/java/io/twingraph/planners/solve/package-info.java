/**
 * Solving: {@link io.twingraph.planners.solve.ScheduleFactory} turns a checked problem into the planning model,
 * {@link io.twingraph.planners.solve.EnergyPlanner} runs Timefold within a time limit (cold or warm from an earlier
 * schedule) and returns a {@link io.twingraph.planners.solve.Plan} with cost, baseline, savings and the score
 * explanation.
 */
package io.twingraph.planners.solve;
