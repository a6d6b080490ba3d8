package io.twingraph.twins.simulation;

/** IRIs of the simulated homes' spaces, under {@code https://twingraph.io/site/}. */
final class SiteIris {
    static final String BASE = "https://twingraph.io/site/";

    private SiteIris() {
    }

    static String building(String homeId) {
        return BASE + homeId;
    }

    static String floor(String homeId, Floor floor) {
        return building(homeId) + "/" + floor.slug;
    }

    static String room(String homeId, Room room) {
        return building(homeId) + "/" + room.slug;
    }
}
