/**
 * The Timefold planning model. Time is cut into {@link io.twingraph.planners.domain.Slot}s. A load is planned as one
 * or more {@link io.twingraph.planners.domain.LoadRun}s (a non-interruptible load is one run; an interruptible load or
 * an EV charge is several runs of at least its minimum on-time), each with a start slot to choose. A battery is planned
 * as one {@link io.twingraph.planners.domain.BatterySlot} per slot with a power level to choose. Everything else is a
 * problem fact. Power is in W (positive draws from the house bus), energy in Wh, money in the tariff's currency.
 */
package io.twingraph.planners.domain;
