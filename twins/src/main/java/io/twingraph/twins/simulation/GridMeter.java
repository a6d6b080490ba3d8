package io.twingraph.twins.simulation;

import org.eclipse.ditto.json.JsonObject;

/**
 * The utility meter at the grid connection: feature {@code meter} with {@code power} (W, positive when importing,
 * negative when exporting), {@code energy} (kWh imported) and {@code exportEnergy} (kWh exported).
 */
final class GridMeter extends Device {
    private double watts;
    private double importKwh;
    private double exportKwh;

    GridMeter(DeviceInfo info, double importKwh, double exportKwh) {
        super(info);
        this.importKwh = importKwh;
        this.exportKwh = exportKwh;
    }

    void step(double netWatts, double dtSeconds) {
        watts = netWatts;
        double kwh = Math.abs(netWatts) * dtSeconds / 3.6e6;
        if (netWatts >= 0) {
            importKwh += kwh;
        } else {
            exportKwh += kwh;
        }
    }

    @Override
    JsonObject features() {
        return feature("meter", JsonObject.newBuilder()
                .set("power", (int) Math.round(watts))
                .set("energy", round(importKwh, 3))
                .set("exportEnergy", round(exportKwh, 3))
                .build());
    }
}
