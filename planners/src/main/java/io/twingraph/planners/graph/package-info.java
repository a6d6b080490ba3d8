/** Plans in the knowledge graph: {@link io.twingraph.planners.graph.PlanGraphWriter} writes them to the plans graph. */
package io.twingraph.planners.graph;
