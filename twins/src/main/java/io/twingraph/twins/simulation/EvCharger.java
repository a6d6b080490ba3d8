package io.twingraph.twins.simulation;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

/**
 * A wallbox and the car behind it: feature {@code charger} with {@code plugged}, {@code charging} (commandable: a
 * session can only start while a car is plugged in and not full), {@code power} (W) and {@code soc} (% of the car's
 * battery, as the car last told the wallbox). Charging stops by itself at 100 % or when the car leaves.
 */
final class EvCharger extends Device {
    static final double MAX_WATTS = 11_000;
    static final double CAR_CAPACITY_KWH = 60;
    private static final double EFFICIENCY = 0.92;
    /** Above this the car tapers the current (constant-voltage phase). */
    private static final double TAPER_FROM_SOC = 95;

    private boolean plugged;
    private boolean charging;
    private double watts;
    private double soc;

    EvCharger(DeviceInfo info, boolean plugged, double soc) {
        super(info);
        this.plugged = plugged;
        this.soc = soc;
    }

    void arrive(double arrivalSoc, boolean plugsIn) {
        soc = arrivalSoc;
        plugged = plugsIn;
    }

    void depart() {
        plugged = false;
        charging = false;
        watts = 0;
    }

    double step(double dtSeconds) {
        if (!plugged || soc >= 100) {
            charging = false;
        }
        if (!charging) {
            watts = 0;
            return 0;
        }
        double taper = soc < TAPER_FROM_SOC ? 1 : Math.max(0.15, (100 - soc) / (100 - TAPER_FROM_SOC));
        watts = MAX_WATTS * taper;
        soc = Math.min(100, soc + watts * EFFICIENCY * dtSeconds / 3.6e6 / CAR_CAPACITY_KWH * 100);
        return watts;
    }

    double soc() {
        return soc;
    }

    @Override
    JsonObject features() {
        return feature("charger", JsonObject.newBuilder()
                .set("plugged", plugged)
                .set("charging", charging)
                .set("power", (int) Math.round(watts))
                .set("soc", round(soc, 1))
                .build());
    }

    @Override
    boolean command(String feature, String property, JsonValue value) {
        if (!feature.equals("charger") || !property.equals("charging") || !value.isBoolean()) {
            return false;
        }
        boolean wanted = value.asBoolean();
        if (wanted && (!plugged || soc >= 100)) {
            return false;
        }
        charging = wanted;
        if (!charging) {
            watts = 0;
        }
        return true;
    }
}
