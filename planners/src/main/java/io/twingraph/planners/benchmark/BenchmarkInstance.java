package io.twingraph.planners.benchmark;

import java.util.List;

import io.twingraph.planners.problem.EnergyProblem;

/**
 * One benchmark instance.
 *
 * @param referenceSchedule    the loads' on-slots of a plan made by another optimiser on the same data (EMHASS), by
 *                             load id, to be costed with our model; empty when there is none
 * @param referenceReportedCost that optimiser's own reported cost for the same period, if any
 */
public record BenchmarkInstance(String name, String source, EnergyProblem problem,
                                java.util.Map<String, List<Integer>> referenceSchedule, Double referenceReportedCost) {
}
