package io.twingraph.twins.simulation;

import java.time.Instant;

/** The two outside doors with contacts: opened briefly when people come and go. */
final class Doors {
    private Instant frontOpenUntil = Instant.MIN;
    private Instant garageOpenUntil = Instant.MIN;
    private Instant now = Instant.MIN;

    void at(Instant instant) {
        now = instant;
    }

    void openFront(Instant until) {
        frontOpenUntil = until;
    }

    void openGarage(Instant until) {
        garageOpenUntil = until;
    }

    boolean frontOpen() {
        return now.isBefore(frontOpenUntil);
    }

    boolean garageOpen() {
        return now.isBefore(garageOpenUntil);
    }
}
