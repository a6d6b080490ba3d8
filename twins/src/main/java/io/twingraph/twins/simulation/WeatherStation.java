package io.twingraph.twins.simulation;

import org.eclipse.ditto.json.JsonObject;

/** The outdoor sensor: feature {@code weather} with {@code temperature} and {@code irradiance}. */
final class WeatherStation extends Device {
    private final Weather weather;

    WeatherStation(DeviceInfo info, Weather weather) {
        super(info);
        this.weather = weather;
    }

    @Override
    JsonObject features() {
        return feature("weather", JsonObject.newBuilder()
                .set("temperature", round(weather.temperature(), 1))
                .set("irradiance", (int) Math.round(weather.irradiance()))
                .build());
    }
}
