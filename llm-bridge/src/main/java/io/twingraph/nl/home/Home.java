package io.twingraph.nl.home;

import java.util.List;

/**
 * Everything language can refer to: devices, areas and floors, as of one moment. Immutable.
 */
public record Home(List<HomeDevice> devices, List<Area> areas, List<Floor> floors) {
    public static final Home EMPTY = new Home(List.of(), List.of(), List.of());

    public Home {
        devices = List.copyOf(devices);
        areas = List.copyOf(areas);
        floors = List.copyOf(floors);
    }
}
