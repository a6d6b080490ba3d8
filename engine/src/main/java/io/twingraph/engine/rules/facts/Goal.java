package io.twingraph.engine.rules.facts;

import java.util.Objects;

/**
 * A structured target that generic rules pursue, e.g. "room R at 21 degC while occupied". Goals are set through the
 * API or from natural language, never as raw DRL.
 *
 * @param id       stable identifier
 * @param room     the room's IRI
 * @param quantity what is targeted: {@code temperature}, {@code humidity}, {@code co2}, {@code light}
 * @param target   the desired value in the quantity's unit (degC, %, ppm, on = 1)
 * @param when     {@code always} or {@code occupied}
 * @param source   who set it (a user, a conversation, the API)
 */
public record Goal(String id, String room, String quantity, double target, String when, String source) {
    public static final String ALWAYS = "always";
    public static final String OCCUPIED = "occupied";

    public Goal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(source, "source");
        if (!ALWAYS.equals(when) && !OCCUPIED.equals(when)) {
            throw new IllegalArgumentException("a goal holds 'always' or while 'occupied', not '" + when + "'");
        }
    }

    /** True when the goal applies to a room in this state. */
    public boolean appliesTo(Room room) {
        return room.iri().equals(this.room) && (ALWAYS.equals(when) || room.occupied());
    }
}
