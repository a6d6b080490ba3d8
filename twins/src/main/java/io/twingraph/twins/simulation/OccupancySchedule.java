package io.twingraph.twins.simulation;

import java.util.EnumMap;
import java.util.Map;

/**
 * How likely each room is to be occupied at a given time, for a family of four with one parent working from home:
 * bedrooms at night, kitchen at breakfast and dinner, office during working hours on workdays, living room in the
 * evening, bathroom in the morning rush.
 */
final class OccupancySchedule {
    private static final DailyProfile NOBODY = DailyProfile.of(0);
    private static final Map<Room, DailyProfile> WORKDAY = new EnumMap<>(Room.class);
    private static final Map<Room, DailyProfile> WEEKEND = new EnumMap<>(Room.class);

    static {
        WORKDAY.put(Room.LIVING_ROOM, DailyProfile.of(0.03, 6.5, 7.5, 0.3, 17.5, 18, 0.4, 18, 22.5, 0.85));
        WORKDAY.put(Room.KITCHEN, DailyProfile.of(0.04, 6.5, 7.75, 0.8, 12, 13, 0.4, 17.5, 19.5, 0.75));
        WORKDAY.put(Room.HALLWAY, DailyProfile.of(0.0, 6.5, 8.25, 0.25, 16.5, 18.5, 0.2, 8.25, 22.5, 0.05));
        WORKDAY.put(Room.OFFICE, DailyProfile.of(0.02, 8.5, 12, 0.9, 13, 17.5, 0.85));
        WORKDAY.put(Room.GARAGE, DailyProfile.of(0.0, 7.25, 7.75, 0.4, 17.75, 18.5, 0.3, 8, 21, 0.01));
        WORKDAY.put(Room.BEDROOM, DailyProfile.of(0.02, 22.75, 6.5, 0.95, 6.5, 7, 0.4));
        WORKDAY.put(Room.KIDS_ROOM, DailyProfile.of(0.03, 20, 7, 0.95, 7, 7.5, 0.4, 15, 18, 0.5));
        WORKDAY.put(Room.BATHROOM, DailyProfile.of(0.02, 6.5, 7.5, 0.7, 19.5, 20, 0.3, 21.5, 22.75, 0.45, 0, 6, 0.01));
        WORKDAY.put(Room.LANDING, DailyProfile.of(0.01, 6.25, 7.75, 0.2, 19.5, 23, 0.15, 0, 6, 0.0));

        WEEKEND.put(Room.LIVING_ROOM, DailyProfile.of(0.05, 9.5, 12, 0.6, 14, 17, 0.5, 17, 23, 0.85));
        WEEKEND.put(Room.KITCHEN, DailyProfile.of(0.05, 8, 10, 0.7, 12, 13.5, 0.7, 18, 19.5, 0.75));
        WEEKEND.put(Room.HALLWAY, DailyProfile.of(0.0, 9, 20, 0.08));
        WEEKEND.put(Room.OFFICE, DailyProfile.of(0.02, 10, 11, 0.2));
        WEEKEND.put(Room.GARAGE, DailyProfile.of(0.0, 10, 10.5, 0.3, 15, 15.5, 0.3));
        WEEKEND.put(Room.BEDROOM, DailyProfile.of(0.02, 23.25, 8.5, 0.95));
        WEEKEND.put(Room.KIDS_ROOM, DailyProfile.of(0.05, 20.5, 8, 0.95, 13, 17, 0.4));
        WEEKEND.put(Room.BATHROOM, DailyProfile.of(0.02, 8, 9.5, 0.6, 21.5, 23, 0.4, 0, 7, 0.01));
        WEEKEND.put(Room.LANDING, DailyProfile.of(0.01, 8, 9.5, 0.2, 21, 23.5, 0.15, 0, 7, 0.0));
    }

    private OccupancySchedule() {
    }

    /** Probability that someone is in the room at this moment. */
    static double probability(Room room, Moment moment) {
        Map<Room, DailyProfile> plan = moment.workday() ? WORKDAY : WEEKEND;
        return plan.getOrDefault(room, NOBODY).at(moment.hour());
    }
}
