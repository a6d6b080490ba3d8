package io.twingraph.twins.simulation;

import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;

/**
 * An air-to-water heat pump: feature {@code heatpump} with {@code on} (enabled; commandable), {@code power}
 * (electric, W) and {@code flowTemperature} (degC). It runs while enabled and some thermostat calls for heat, unless
 * the weather is warm enough that it stays in summer mode; its flow temperature follows a weather-compensation curve, and its efficiency falls with colder air and hotter flow.
 */
final class HeatPump extends Device {
    static final double THERMAL_CAPACITY_WATTS = 9000;
    private static final double STANDBY_WATTS = 12;
    private static final double FLOW_WARMUP_SECONDS = 600;
    private static final double FLOW_COOLDOWN_SECONDS = 3600;
    private static final double IDLE_FLOW = 25;
    /** Above this daily mean outdoor temperature the unit stays in summer mode: no space heating. */
    static final double HEATING_LIMIT = 15;
    private static final double DAILY_MEAN_SECONDS = 12 * 3600;

    private boolean enabled = true;
    private boolean running;
    private double flowTemperature = IDLE_FLOW;
    private double electricWatts = STANDBY_WATTS;
    private double outdoorMean;

    HeatPump(DeviceInfo info, double outdoorMean) {
        super(info);
        this.outdoorMean = outdoorMean;
    }

    /**
     * Runs for one step against the thermal demand of the calling rooms.
     *
     * @return the fraction of the demanded heat delivered (0 when off; below 1 while the flow warms up or when the
     *         demand exceeds the capacity)
     */
    double step(double demandWatts, double outdoorTemperature, double dtSeconds) {
        outdoorMean += (outdoorTemperature - outdoorMean) * (1 - Math.exp(-dtSeconds / DAILY_MEAN_SECONDS));
        running = enabled && demandWatts > 0 && outdoorMean < HEATING_LIMIT;
        double target = running ? heatingCurve(outdoorTemperature) : IDLE_FLOW;
        double tau = running ? FLOW_WARMUP_SECONDS : FLOW_COOLDOWN_SECONDS;
        flowTemperature += (target - flowTemperature) * (1 - Math.exp(-dtSeconds / tau));
        if (!running) {
            electricWatts = STANDBY_WATTS;
            return 0;
        }
        double warm = Math.max(0, Math.min(1, (flowTemperature - IDLE_FLOW) / (target - IDLE_FLOW)));
        double thermal = Math.min(demandWatts, THERMAL_CAPACITY_WATTS) * Math.max(0.2, warm);
        electricWatts = STANDBY_WATTS + thermal / cop(outdoorTemperature, flowTemperature);
        return thermal / demandWatts;
    }

    /** Flow temperature that just covers the losses: colder outside, hotter water. */
    static double heatingCurve(double outdoorTemperature) {
        return Math.max(30, Math.min(55, 35 + 0.6 * (20 - outdoorTemperature) - 6));
    }

    /** Coefficient of performance: about half of Carnot's, within what real units reach. */
    static double cop(double outdoorTemperature, double flowTemperature) {
        double lift = Math.max(10, flowTemperature + 5 - (outdoorTemperature - 5));
        double carnot = (flowTemperature + 5 + 273.15) / lift;
        return Math.max(1.5, Math.min(6, 0.45 * carnot));
    }

    double electricWatts() {
        return electricWatts;
    }

    @Override
    JsonObject features() {
        return feature("heatpump", JsonObject.newBuilder()
                .set("on", enabled)
                .set("power", (int) Math.round(electricWatts))
                .set("flowTemperature", round(flowTemperature, 1))
                .build());
    }

    @Override
    boolean command(String feature, String property, JsonValue value) {
        if (feature.equals("heatpump") && property.equals("on") && value.isBoolean()) {
            enabled = value.asBoolean();
            if (!enabled) {
                // the compressor stops at once; what it reports should say so
                running = false;
                electricWatts = STANDBY_WATTS;
            }
            return true;
        }
        return false;
    }
}
