package io.twingraph.twins.simulation;

import org.eclipse.ditto.json.JsonObject;

/** A rooftop PV system behind one inverter: feature {@code pv} with {@code power} (W) and {@code energy} (kWh). */
final class PvInverter extends Device {
    static final double PEAK_WATTS = 6000;
    /** Wiring, soiling and inverter losses. */
    private static final double PERFORMANCE_RATIO = 0.86;
    private double watts;
    private double kwh;

    PvInverter(DeviceInfo info, double initialKwh) {
        super(info);
        this.kwh = initialKwh;
    }

    double step(double irradiance, double outdoorTemperature, double dtSeconds) {
        // modules lose about 0.4 %/K above 25 degC cell temperature; cells run ~25 K above air in full sun
        double cellTemperature = outdoorTemperature + irradiance * 0.025;
        double derate = 1 - 0.004 * Math.max(0, cellTemperature - 25);
        watts = Math.min(PEAK_WATTS, irradiance / 1000 * PEAK_WATTS * PERFORMANCE_RATIO * derate);
        kwh += watts * dtSeconds / 3.6e6;
        return watts;
    }

    @Override
    JsonObject features() {
        return feature("pv", JsonObject.newBuilder()
                .set("power", (int) Math.round(watts))
                .set("energy", round(kwh, 3))
                .build());
    }
}
