package io.twingraph.planners.domain;

/** Power a planned device draws in one slot, W (negative: feeds the house, like a discharging battery). */
public record Draw(int slot, int watts) {
}
