/**
 * TwinGraph's energy planner: shiftable loads, a home battery and EV charging scheduled with Timefold against
 * import/export tariffs, a PV forecast and a base load forecast.
 *
 * <ul>
 * <li>{@link io.twingraph.planners.problem} — the problem as people and files state it ({@code EnergyProblem}, JSON),
 * read from the knowledge graph, and checked for infeasibility before any solving;</li>
 * <li>{@link io.twingraph.planners.domain} — the Timefold planning model (slots, load runs, battery slots);</li>
 * <li>{@link io.twingraph.planners.constraints} — the constraints, one a method;</li>
 * <li>{@link io.twingraph.planners.solve} — the solver facade: plans with cost, baseline, savings and the score
 * explanation;</li>
 * <li>{@link io.twingraph.planners.graph} — plans written to the plans named graph;</li>
 * <li>{@link io.twingraph.planners.execution} — carrying a plan out through the engine's command gateway, replanning
 * when prices or the twins change;</li>
 * <li>{@link io.twingraph.planners.benchmark} — {@code twingraph bench plan}: cost against an exact MILP optimum.</li>
 * </ul>
 */
package io.twingraph.planners;
