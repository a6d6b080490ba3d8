/**
 * Carrying a plan out: {@link io.twingraph.planners.execution.PlanExecutor} sends each device's planned state through
 * the engine's command gateway when a slot starts; {@link io.twingraph.planners.execution.ExecutionScheduler} does
 * that in a running TwinGraph for one plan at a time, and replans it warm from the current slot after a price update
 * or a twin change that leaves the plan (a load started early or stopped, a car plugged in or out).
 */
package io.twingraph.planners.execution;
