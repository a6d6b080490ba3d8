package io.twingraph.twins.simulation;

import java.util.EnumMap;
import java.util.Map;

/** A room's weekly heating programme: comfort while the room is used, setback otherwise. */
record SetpointSchedule(DailyProfile workday, DailyProfile weekend) {

    /** Identifies the part of the programme in force; an override lasts while it stays the same. */
    record Slot(boolean workday, int segment) {
    }

    private static final Map<Room, SetpointSchedule> BY_ROOM = new EnumMap<>(Room.class);

    static {
        BY_ROOM.put(Room.LIVING_ROOM, new SetpointSchedule(DailyProfile.of(17, 6.5, 22.5, 21), DailyProfile.of(17, 7.5, 23, 21)));
        BY_ROOM.put(Room.KITCHEN, new SetpointSchedule(DailyProfile.of(17, 6, 21, 20), DailyProfile.of(17, 7.5, 21.5, 20)));
        BY_ROOM.put(Room.OFFICE, new SetpointSchedule(DailyProfile.of(16, 8, 18, 20.5), DailyProfile.of(16)));
        BY_ROOM.put(Room.BEDROOM, new SetpointSchedule(DailyProfile.of(18, 6, 7, 19), DailyProfile.of(18, 7.5, 9, 19)));
        BY_ROOM.put(Room.KIDS_ROOM, new SetpointSchedule(DailyProfile.of(18, 7, 20, 20), DailyProfile.of(18, 8, 20.5, 20)));
        BY_ROOM.put(Room.BATHROOM, new SetpointSchedule(DailyProfile.of(19, 6, 8, 22, 19, 22, 22), DailyProfile.of(19, 7.5, 10, 22, 19, 22, 22)));
    }

    static SetpointSchedule forRoom(Room room) {
        SetpointSchedule schedule = BY_ROOM.get(room);
        if (schedule == null) {
            throw new IllegalArgumentException("no heating programme for unheated room " + room);
        }
        return schedule;
    }

    double setpoint(Moment moment) {
        return (moment.workday() ? workday : weekend).at(moment.hour());
    }

    Slot slot(Moment moment) {
        return new Slot(moment.workday(), (moment.workday() ? workday : weekend).segment(moment.hour()));
    }
}
