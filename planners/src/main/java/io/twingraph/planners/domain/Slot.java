package io.twingraph.planners.domain;

import java.time.Instant;

/**
 * One time slot of the horizon with its forecasts and prices.
 *
 * @param baseW        forecast of the load nobody plans (fridge, lights...), W
 * @param pvW          forecast of PV production, W
 * @param importPrice  price of energy drawn from the grid, currency/kWh
 * @param exportPrice  price paid for energy fed into the grid, currency/kWh
 * @param co2KgPerKwh  carbon intensity of grid energy, kg/kWh (0 when unknown)
 */
public record Slot(int index, Instant start, double hours, double baseW, double pvW, double importPrice,
                   double exportPrice, double co2KgPerKwh) {

    /** The zero draw every slot contributes, so that slots nobody plans into still count. */
    public Draw noDraw() {
        return new Draw(index, 0);
    }

    /** Power exchanged with the grid when the planned devices draw {@code drawsW}: positive imports. */
    public double netW(long drawsW) {
        return baseW - pvW + drawsW;
    }

    public double importedKwh(long drawsW) {
        return Math.max(0, netW(drawsW)) / 1000 * hours;
    }

    public double exportedKwh(long drawsW) {
        return Math.max(0, -netW(drawsW)) / 1000 * hours;
    }

    /** What the slot costs: imports at the import price minus exports at the export price. */
    public double cost(long drawsW) {
        return importedKwh(drawsW) * importPrice - exportedKwh(drawsW) * exportPrice;
    }

    public double co2Kg(long drawsW) {
        return importedKwh(drawsW) * co2KgPerKwh;
    }
}
