package io.twingraph.twins.simulation;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

/**
 * A switchable plug with an energy meter: feature {@code switch} with {@code on} (commandable) and feature
 * {@code meter} with {@code power} (W) and {@code energy} (kWh, cumulative).
 */
final class SmartPlug extends Device {
    private final Load load;
    private boolean on = true;
    private double watts;
    private double kwh;

    SmartPlug(DeviceInfo info, Load load, double initialKwh) {
        super(info);
        this.load = load;
        this.kwh = initialKwh;
    }

    double step(Moment moment, double dtSeconds) {
        watts = load.step(moment, dtSeconds, on);
        kwh += watts * dtSeconds / 3.6e6;
        return watts;
    }

    @Override
    JsonObject features() {
        return JsonObject.newBuilder()
                .set("switch", JsonObject.newBuilder().set("on", on).build())
                .set("meter", JsonObject.newBuilder()
                        .set("power", round(watts, 1))
                        .set("energy", round(kwh, 3))
                        .build())
                .build();
    }

    @Override
    boolean command(String feature, String property, JsonValue value) {
        if (feature.equals("switch") && property.equals("on") && value.isBoolean()) {
            on = value.asBoolean();
            if (!on) {
                watts = 0;
            }
            return true;
        }
        return false;
    }
}
