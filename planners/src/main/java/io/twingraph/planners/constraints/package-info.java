/**
 * The energy planner's constraints ({@link io.twingraph.planners.constraints.EnergyConstraints}), one a method, hard
 * then soft.
 */
package io.twingraph.planners.constraints;
