/**
 * The planning problem as people, files and the knowledge graph state it: {@link
 * io.twingraph.planners.problem.EnergyProblem} (also the JSON problem file format), read from files by {@link
 * io.twingraph.planners.problem.ProblemFiles} and from the graph by {@link
 * io.twingraph.planners.problem.GraphProblemReader}, and checked up front by {@link
 * io.twingraph.planners.problem.ProblemCheck}, which names the constraint an infeasible problem cannot meet.
 */
package io.twingraph.planners.problem;
