package io.twingraph.rules.packs;

import java.util.Map;

import io.twingraph.engine.rules.facts.Device;
import io.twingraph.engine.rules.facts.Room;

/** Devices and rooms for the pack tests, shaped like the simulator's. */
final class Homes {
    static final String KITCHEN = "https://twingraph.io/site/home1/kitchen";
    static final String HALL = "https://twingraph.io/site/home1/hallway";

    private Homes() {
    }

    static Device device(String name, String type, String room, Map<String, Object> properties, long revision) {
        String id = "home1:" + name.toLowerCase().replace(' ', '-');
        String roomName = room.equals(KITCHEN) ? "Kitchen" : room.equals(HALL) ? "Hallway" : "";
        return new Device(id, "https://twingraph.io/thing/" + id, type, name, room, roomName, "", "", properties, revision);
    }

    static Room room(String iri, boolean occupied, long since) {
        return new Room(iri, iri.equals(KITCHEN) ? "Kitchen" : "Hallway", "", "", occupied, since);
    }

    static Device weather(double irradiance) {
        return device("Weather station", "Weather_Station", "", Map.of("weather/irradiance", irradiance), 1);
    }
}
