package io.twingraph.planners.domain;

import java.util.Objects;

/**
 * A shiftable load (appliance, EV charge) as the planner sees it.
 *
 * @param earliestSlot     first slot a run may use
 * @param deadlineSlot     slot by which every run must have ended (exclusive end)
 * @param minOffSlots      shortest pause between two runs of an interruptible load (0: none)
 * @param skipPenaltyMicro what leaving out one run of an optional load costs, micro-currency
 * @param slotHours        length of a slot, hours (for energies)
 */
public record Load(String id, String name, Kind kind, int earliestSlot, int deadlineSlot, boolean interruptible,
                   int minOffSlots, boolean optional, long skipPenaltyMicro, double slotHours) {

    /** What kind of device the load is; decides how it is commanded. */
    public enum Kind {
        APPLIANCE, EV
    }

    public Load {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return id;
    }
}
