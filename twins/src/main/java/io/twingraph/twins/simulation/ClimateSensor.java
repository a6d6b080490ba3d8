package io.twingraph.twins.simulation;

import org.eclipse.ditto.json.JsonObject;

/** An indoor air quality sensor: feature {@code environment} with {@code temperature}, {@code humidity}, {@code co2}. */
final class ClimateSensor extends Device {
    private final RoomClimate climate;
    /** Every sensor reads a little off; two sensors in a room disagree like real ones. */
    private final double temperatureBias;

    ClimateSensor(DeviceInfo info, RoomClimate climate, double temperatureBias) {
        super(info);
        this.climate = climate;
        this.temperatureBias = temperatureBias;
    }

    @Override
    JsonObject features() {
        return feature("environment", JsonObject.newBuilder()
                .set("temperature", round(climate.temperature() + temperatureBias, 1))
                .set("humidity", (int) Math.round(climate.humidity()))
                .set("co2", (int) Math.round(climate.co2()))
                .build());
    }
}
