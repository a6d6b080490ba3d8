package io.twingraph.twins.simulation;

import java.util.List;

/**
 * The spaces of every simulated home and their physical character. Volumes, heater sizes and glazing are rough
 * figures for a well-insulated family house; they only need to make curves believable, not to be an energy model.
 */
enum Room {
    //         slug           label          floor         aliases                                            vol  heaterW glazing people dwellMin
    LIVING_ROOM("living-room", "Living room", Floor.GROUND, List.of("lounge", "sitting room"), 60, 2500, 1.5, 2.5, 15),
    KITCHEN("kitchen", "Kitchen", Floor.GROUND, List.of("kitchenette"), 35, 1500, 0.8, 2, 15),
    HALLWAY("hallway", "Hallway", Floor.GROUND, List.of("hall", "entrance", "entryway"), 20, 0, 0.15, 1, 2),
    OFFICE("office", "Office", Floor.GROUND, List.of("study", "home office"), 30, 1200, 0.8, 1, 15),
    GARAGE("garage", "Garage", Floor.GROUND, List.of("carport"), 50, 0, 0.1, 1, 2),
    BEDROOM("bedroom", "Bedroom", Floor.FIRST, List.of("master bedroom", "parents' bedroom"), 40, 1500, 0.8, 2, 45),
    KIDS_ROOM("kids-room", "Kids room", Floor.FIRST, List.of("children's room", "nursery", "kid's room"), 30, 1200, 0.6, 1, 45),
    BATHROOM("bathroom", "Bathroom", Floor.FIRST, List.of("bath", "washroom"), 15, 1000, 0.2, 1, 8),
    LANDING("landing", "Landing", Floor.FIRST, List.of("upstairs hallway", "upstairs hall"), 15, 0, 0.15, 1, 2),
    OUTDOOR("outdoor", "Garden", null, List.of("outside", "outdoors", "yard"), 0, 0, 0, 0, 0);

    final String slug;
    final String label;
    /** Null for the outdoor area. */
    final Floor floor;
    final List<String> aliases;
    /** Air volume, m3: scales CO2 and humidity changes. */
    final double volume;
    /** Thermal output of the room's heat emitters at full flow, W; 0 for unheated rooms. */
    final double heaterWatts;
    /** Effective sun-facing glazing, m2: solar gain and daylight. */
    final double glazing;
    /** People in the room while it is occupied (an average, hence fractional). */
    final double people;
    /** Mean time between occupancy changes, minutes: hallways are passed through, bedrooms slept in. */
    final double dwellMinutes;

    Room(String slug, String label, Floor floor, List<String> aliases, double volume, double heaterWatts,
         double glazing, double people, double dwellMinutes) {
        this.slug = slug;
        this.label = label;
        this.floor = floor;
        this.aliases = aliases;
        this.volume = volume;
        this.heaterWatts = heaterWatts;
        this.glazing = glazing;
        this.people = people;
        this.dwellMinutes = dwellMinutes;
    }

    boolean indoor() {
        return floor != null;
    }

    boolean heated() {
        return heaterWatts > 0;
    }

    /** Rooms with an openable window that has a contact. */
    boolean hasWindowContact() {
        return heated();
    }

    /** Rooms where people sleep: lights go off at bedtime although the room stays occupied. */
    boolean sleepingRoom() {
        return this == BEDROOM || this == KIDS_ROOM;
    }

    static List<Room> indoorRooms() {
        return java.util.Arrays.stream(values()).filter(Room::indoor).toList();
    }
}
