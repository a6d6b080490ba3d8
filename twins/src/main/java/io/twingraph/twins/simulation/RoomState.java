package io.twingraph.twins.simulation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What is going on in one indoor room of one home: its air, who is there, its window, its lights and blinds. */
final class RoomState {
    final Room room;
    final RoomClimate climate;
    final List<Light> lights = new ArrayList<>();
    final List<Blind> blinds = new ArrayList<>();
    boolean occupied;
    /** A PIR sensor holds "motion" for a while after the last movement. */
    Instant motionUntil = Instant.MIN;
    boolean motion;
    boolean windowOpen;
    /** When whoever opened the window means to close it again; if nobody is there then, it stays open. */
    Instant windowCloseAt = Instant.MAX;
    Instant showerUntil = Instant.MIN;

    RoomState(Room room, RoomClimate climate) {
        this.room = room;
        this.climate = climate;
    }

    boolean anyLightOn() {
        return lights.stream().anyMatch(Light::on);
    }

    /**
     * Whether people want a lamp: too little daylight comes through the room's glazing. A sunny living room is
     * bright until dusk; a hallway with a small window needs light unless the sun is high.
     */
    boolean dark(double irradiance) {
        return irradiance * daylight() * room.glazing < 25;
    }

    /** The share of the sun the blinds let in, 0-1: 1 without blinds or with them open. */
    double daylight() {
        return blinds.isEmpty() ? 1 : blinds.stream().mapToDouble(Blind::daylight).average().orElse(1);
    }
}
