/**
 * {@code twingraph bench plan}: instances built from public data (EMHASS's tariffs, PV, load and deferrable loads;
 * CityLearn's home with a battery, PV and TOU prices) and a synthetic one, each solved by the planner and exactly by
 * a MILP (OR-Tools SCIP) on the same discretised model, printing cost, optimum, gap, baseline, savings and times.
 * OR-Tools is used here only.
 */
package io.twingraph.planners.benchmark;
