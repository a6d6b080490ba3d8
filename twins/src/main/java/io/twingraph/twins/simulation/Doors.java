package io.twingraph.twins.simulation;

import java.time.Instant;

/**
 * The two outside doors with contacts: opened briefly when people come and go. The front door also has a lock,
 * which whoever opens it has unlocked first.
 */
final class Doors {
    private Instant frontOpenUntil = Instant.MIN;
    private Instant garageOpenUntil = Instant.MIN;
    private Instant now = Instant.MIN;
    private boolean frontLocked = true;

    void at(Instant instant) {
        now = instant;
    }

    void openFront(Instant until) {
        frontOpenUntil = until;
        frontLocked = false;
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

    boolean frontLocked() {
        return frontLocked;
    }

    void lockFront(boolean locked) {
        frontLocked = locked;
    }
}
