/**
 * Carrying a plan out: {@link io.twingraph.planners.execution.PlanExecutor} sends each device's planned state through
 * the engine's command gateway when a slot starts.
 */
package io.twingraph.planners.execution;
