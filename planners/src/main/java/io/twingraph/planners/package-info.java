/**
 * The Timefold energy planner. Empty until the planner work (issue 4) lands; the module exists so that the layout
 * is the one DESIGN.md describes and dependencies already point the right way.
 */
package io.twingraph.planners;
