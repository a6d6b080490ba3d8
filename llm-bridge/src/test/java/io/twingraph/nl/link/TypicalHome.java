package io.twingraph.nl.link;

import java.util.ArrayList;
import java.util.List;

/** Typical device and room names of a home, one entry per label or alias, ids as a twin graph would give them. */
final class TypicalHome {

    private TypicalHome() {
    }

    static List<Named> names() {
        List<Named> n = new ArrayList<>();
        add(n, "room:living", "Living room");
        add(n, "room:kitchen", "Kitchen");
        add(n, "room:bedroom", "Bedroom");
        add(n, "room:bathroom", "Bathroom");
        add(n, "room:office", "Office");
        add(n, "room:hallway", "Hallway");
        add(n, "room:garden", "Garden");
        add(n, "light.living", "Living room light");
        add(n, "light.kitchen", "Kitchen light");
        add(n, "light.bedroom", "Bedroom lamp");
        add(n, "light.desk", "Desk lamp");
        add(n, "light.hallway", "Hallway light");
        add(n, "light.porch", "Porch light");
        add(n, "media.tv", "TV");
        add(n, "media.speaker", "Speaker");
        add(n, "fridge", "Refrigerator");
        add(n, "climate.thermostat", "Thermostat");
        add(n, "climate.heater", "Heater");
        add(n, "climate.ac", "Air conditioner");
        add(n, "fan.ceiling", "Ceiling fan");
        add(n, "lock.front", "Front door lock");
        add(n, "cover.garage", "Garage door");
        add(n, "cover.blinds", "Window blinds");
        add(n, "washer", "Washing machine");
        add(n, "dishwasher", "Dishwasher");
        add(n, "oven", "Oven");
        add(n, "kettle", "Kettle");
        add(n, "coffee", "Coffee maker");
        add(n, "vacuum", "Robot vacuum");
        add(n, "sensor.smoke", "Smoke detector");
        add(n, "sensor.motion", "Motion sensor");
        add(n, "sensor.temperature", "Temperature sensor");
        add(n, "sensor.humidity", "Humidity sensor");
        add(n, "doorbell", "Doorbell");
        return n;
    }

    private static void add(List<Named> n, String id, String text) {
        n.add(new Named(id, text));
    }
}
