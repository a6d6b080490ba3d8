package io.twingraph.twins.simulation;

/**
 * The air of one room as three first-order models, integrated with explicit Euler steps (steps are short compared
 * with every time constant here):
 * <ul>
 * <li>temperature relaxes towards the outdoor temperature through the envelope (and much faster through an open
 * window), towards the rest of the house through inner walls, and is pushed up by heating, people and sun;</li>
 * <li>CO2 rises with the people in the room and decays towards outdoor air (~420 ppm) with ventilation;</li>
 * <li>relative humidity drifts towards a seasonal indoor baseline, with sources from people, showers and
 * cooking.</li>
 * </ul>
 */
final class RoomClimate {
    static final double OUTDOOR_CO2 = 420;
    /** Heat capacity of air, furniture and the inner skin of walls, J/K per m3 of room. */
    private static final double CAPACITY_PER_M3 = 67_000;
    /** Envelope losses, W/K per m3: a time constant of about 30 h. */
    private static final double ENVELOPE_PER_M3 = 0.6;
    /** Extra loss through a tilted or open window, W/K per m3. */
    private static final double OPEN_WINDOW_PER_M3 = 8;
    private static final double GARAGE_ENVELOPE_PER_M3 = 1.5;
    private static final double PERSON_WATTS = 80;
    private static final double SOLAR_TRANSMITTANCE = 0.5;
    /** Litres of CO2 one resting person breathes out per hour. */
    private static final double CO2_LITRES_PER_PERSON_HOUR = 18.7;
    private static final double AIR_CHANGES_CLOSED = 0.6;
    private static final double AIR_CHANGES_OPEN = 6;

    private final Room room;
    private double temperature;
    private double co2;
    private double humidity;

    RoomClimate(Room room, double temperature, double co2, double humidity) {
        this.room = room;
        this.temperature = temperature;
        this.co2 = co2;
        this.humidity = humidity;
    }

    /** What acts on the room during one step. */
    record Inputs(double outdoorTemperature, double houseTemperature, double heatingWatts, double people,
                  boolean windowOpen, double irradiance, double moistureSource, double seasonalHumidity) {
    }

    void step(Inputs in, double dtSeconds) {
        double volume = room.volume;
        double envelope = volume * (room == Room.GARAGE ? GARAGE_ENVELOPE_PER_M3 : ENVELOPE_PER_M3)
                + (in.windowOpen() ? volume * OPEN_WINDOW_PER_M3 : 0);
        double watts = envelope * (in.outdoorTemperature() - temperature)
                + innerWalls() * (in.houseTemperature() - temperature)
                + in.heatingWatts() + in.people() * PERSON_WATTS
                + in.irradiance() * room.glazing * SOLAR_TRANSMITTANCE;
        temperature += watts * dtSeconds / (volume * CAPACITY_PER_M3);

        double airChanges = in.windowOpen() ? AIR_CHANGES_OPEN : AIR_CHANGES_CLOSED;
        double co2PerHour = in.people() * CO2_LITRES_PER_PERSON_HOUR / 1000 / volume * 1e6
                - (co2 - OUTDOOR_CO2) * airChanges;
        co2 = Math.max(OUTDOOR_CO2 - 20, co2 + co2PerHour * dtSeconds / 3600);

        // people exhale about 50 g water per hour; in a 30 m3 room that is worth about 2 %RH per hour
        double humidityPerHour = in.people() * 60 / volume + in.moistureSource()
                - (humidity - in.seasonalHumidity()) * (airChanges + 0.5);
        humidity = Math.min(95, Math.max(20, humidity + humidityPerHour * dtSeconds / 3600));
    }

    /** Hallways and landings are open to the rest of the house; closed rooms exchange heat through walls only. */
    private double innerWalls() {
        return room.volume * (room.heated() ? 0.4 : room == Room.GARAGE ? 0.2 : 1.5);
    }

    double temperature() {
        return temperature;
    }

    double co2() {
        return co2;
    }

    double humidity() {
        return humidity;
    }

    Room room() {
        return room;
    }
}
