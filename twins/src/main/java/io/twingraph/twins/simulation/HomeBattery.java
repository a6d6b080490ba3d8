package io.twingraph.twins.simulation;

import java.util.Locale;
import java.util.Set;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

/**
 * A home battery: feature {@code battery} with {@code soc} (%), {@code power} (W, positive while charging) and
 * {@code mode} (commandable): {@code auto} covers the house from PV surplus (self-consumption), {@code charge} and
 * {@code discharge} force full power (what a tariff-aware planner asks for), {@code idle} holds the charge.
 */
final class HomeBattery extends Device {
    static final double CAPACITY_KWH = 10;
    static final double MAX_WATTS = 5000;
    static final double MIN_SOC = 10;
    static final double MAX_SOC = 100;
    private static final double ONE_WAY_EFFICIENCY = 0.95;
    private static final Set<String> MODES = Set.of("auto", "charge", "discharge", "idle");

    private double soc;
    private double watts;
    private String mode = "auto";

    HomeBattery(DeviceInfo info, double initialSoc) {
        super(info);
        this.soc = initialSoc;
    }

    /**
     * Runs for one step.
     *
     * @param surplusWatts PV production minus the load the battery should cover; negative when the house draws
     * @return the battery's power, W, positive while charging
     */
    double step(double surplusWatts, double dtSeconds) {
        double wanted = switch (mode) {
            case "charge" -> MAX_WATTS;
            case "discharge" -> -MAX_WATTS;
            case "idle" -> 0;
            default -> surplusWatts;
        };
        watts = Math.max(-MAX_WATTS, Math.min(MAX_WATTS, wanted));
        if (watts > 0 && soc >= MAX_SOC || watts < 0 && soc <= MIN_SOC) {
            watts = 0;
        }
        double storedWatts = watts > 0 ? watts * ONE_WAY_EFFICIENCY : watts / ONE_WAY_EFFICIENCY;
        soc = Math.max(MIN_SOC, Math.min(MAX_SOC, soc + storedWatts * dtSeconds / 3.6e6 / CAPACITY_KWH * 100));
        return watts;
    }

    double soc() {
        return soc;
    }

    double watts() {
        return watts;
    }

    @Override
    JsonObject features() {
        return feature("battery", JsonObject.newBuilder()
                .set("soc", round(soc, 1))
                .set("power", (int) Math.round(watts))
                .set("mode", mode)
                .build());
    }

    @Override
    boolean command(String feature, String property, JsonValue value) {
        if (feature.equals("battery") && property.equals("mode") && value.isString()
                && MODES.contains(value.asString().toLowerCase(Locale.ROOT))) {
            mode = value.asString().toLowerCase(Locale.ROOT);
            return true;
        }
        return false;
    }
}
